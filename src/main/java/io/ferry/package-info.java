/**
 * The Ferry app's entry point: {@link io.ferry.FerryApplication} starts the starter's engine with the app's own
 * packages (io.ferry.web, io.ferry.samples) on top. It scans only those; the engine comes from auto-configuration.
 */
package io.ferry;
