/**
 * Local mode's work directories on this host: the owner marker Ferry writes into each directory it creates, the
 * removal at start-up of those whose owner is gone, and what a clean stop keeps. Plain files and processes: knows
 * no Mesos and imports nothing of Ferry.
 */
package io.ferry.local.workdir;
