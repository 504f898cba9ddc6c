/**
 * The operator's task pages ({@code /tasks}, {@code /tasks/{id}}) and the JSON API over tasks, launches and batches
 * ({@code /api/tasks}, {@code /api/samples}, {@code /api/batches}). Reads the scheduler's published views through
 * {@code io.ferry.api.TaskService}; uses the shared pieces of {@code io.ferry.web}, never the other way round.
 */
package io.ferry.web.tasks;
