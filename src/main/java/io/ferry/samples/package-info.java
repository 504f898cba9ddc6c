/**
 * The sample tasks launched from the dashboard and the API (hello, pi, sleep, fail) and their launcher. Plain tasks
 * submitted through {@code io.ferry.api}: they know no Mesos.
 */
package io.ferry.samples;
