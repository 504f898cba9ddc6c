/**
 * The local Mesos master: frameworks, offers, the master's view of tasks and agents, and its scheduler API.
 * Never imports io.ferry.local.agent: it knows agents only as {@link io.ferry.local.protocol.AgentLink}.
 */
package io.ferry.local.master;

