/**
 * The single-threaded event loop the local master and each agent run on, and its timers. Knows nothing of Mesos
 * or of the rest of Ferry.
 */
package io.ferry.local.loop;
