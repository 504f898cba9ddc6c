/**
 * The executors pages ({@code /executors}, {@code /executors/{id}} with its logs) and {@code /api/executors}:
 * every run of Ferry's executor the scheduler knows, and its stdout and stderr read through its agent's
 * {@code /files} endpoints ({@code io.ferry.sandbox}), only ever from the sandbox the executor told the scheduler
 * of: a request names a run and a file, never a path.
 */
package io.ferry.web.executors;
