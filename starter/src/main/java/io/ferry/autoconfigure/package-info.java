/**
 * The starter's auto-configuration: {@code ferry.*} properties, and the beans that wire the scheduler, the task
 * API and the master (the local cluster or a real one). The only package that knows all the others; none knows it.
 *
 * <p>It also checks the whole configuration before the application context exists ({@code ConfigurationCheck}) and
 * reports a bad value in one line ({@code ConfigurationFailureReporter}); both are registered in
 * {@code META-INF/spring.factories}.
 */
package io.ferry.autoconfigure;
