/**
 * The starter's auto-configuration: {@code ferry.*} properties, and the beans that wire the scheduler, the task
 * API and the master (the local cluster or a real one). The only package that knows all the others; none knows it.
 */
package io.ferry.autoconfigure;
