/**
 * What application code calls: {@link io.ferry.api.TaskService} and its {@code ExecutorService} adapter. Talks to
 * the scheduler only; never to the local cluster, which it cannot tell from a real one.
 */
package io.ferry.api;
