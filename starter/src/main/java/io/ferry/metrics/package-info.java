/**
 * Health of the engine for Spring Boot's actuator: the {@code mesos} indicator. Reads the scheduler's published
 * state; never the local cluster.
 */
package io.ferry.metrics;
