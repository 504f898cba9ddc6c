/**
 * The local cluster's loopback HTTP/1.1 server: connections, request parsing, responses, restartable servers.
 * Knows no Mesos: imports no Mesos protobufs, no io.ferry.wire and no other io.ferry.local package.
 */
package io.ferry.local.http;
