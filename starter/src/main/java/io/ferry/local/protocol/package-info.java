/**
 * What the local master and agents share: the Mesos v1 HTTP APIs as both speak them (encodings, reading a Call,
 * streaming Events), resource arithmetic, statuses, and the links master and agents talk through. Imports only
 * io.ferry.local.http, io.ferry.local.loop and io.ferry.wire of this project; never the master, the agents or
 * io.ferry.local.
 */
package io.ferry.local.protocol;
