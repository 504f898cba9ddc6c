/**
 * The Ferry app's web layer: the dashboard, the JSON API and the operator login. Uses the engine through
 * {@code io.ferry.api} and the scheduler's published views; never the local cluster.
 */
package io.ferry.web;
