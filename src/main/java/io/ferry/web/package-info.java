/**
 * The Ferry app's web layer: the dashboard and the JSON API, one subpackage per feature, and the operator login in
 * {@code io.ferry.web.security}. Uses the engine through {@code io.ferry.api} and the scheduler's published views;
 * never the local cluster.
 */
package io.ferry.web;
