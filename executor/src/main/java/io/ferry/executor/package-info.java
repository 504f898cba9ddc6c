/**
 * Ferry's executor, the JVM each agent runs for Ferry: subscribes to the agent's v1 executor API, runs tasks on a
 * pool and reports their results. Depends only on the task API, the wire and the Mesos protos: no Spring, nothing
 * of the scheduler.
 */
package io.ferry.executor;
