/**
 * What agents and executors fetch from the embedding application over HTTP: the executor's jar and launch script,
 * and the application's classes. Knows neither the scheduler nor the local cluster.
 */
package io.ferry.delivery;
