/**
 * A local Mesos agent: executor runs and their sandboxes, fetching, status updates, recovery, and its endpoints.
 * Never imports io.ferry.local.master: it knows the master only as {@link io.ferry.local.protocol.MasterLink}.
 */
package io.ferry.local.agent;

