/**
 * The embedded Mesos cluster: {@link io.ferry.local.LocalCluster}, its settings, and what its master and agents share.
 * Imports no io.ferry.scheduler, io.ferry.api or io.ferry.autoconfigure; only LocalCluster imports the subpackages.
 */
package io.ferry.local;
