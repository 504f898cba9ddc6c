/**
 * The Mesos v1 HTTP APIs as master and agents both speak them: encodings, reading a Call, streaming Events.
 * Imports only io.ferry.local.http and io.ferry.wire of this project; never the master, the agents or io.ferry.local.
 */
package io.ferry.local.protocol;
