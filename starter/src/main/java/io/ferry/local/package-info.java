/**
 * The embedded Mesos cluster's entry point: {@link io.ferry.local.LocalCluster} assembles a master and its agents
 * from the packages below, none of which knows it. Imports nothing of Ferry's framework (scheduler, api, autoconfigure).
 */
package io.ferry.local;
