/**
 * The task API that user code compiles against: {@link io.ferry.task.Task}, {@link io.ferry.task.TaskOptions}, the
 * remote {@link io.ferry.task.TaskFailure}. Knows no Mesos, no protobuf, no Spring and nothing else of Ferry.
 */
package io.ferry.task;
