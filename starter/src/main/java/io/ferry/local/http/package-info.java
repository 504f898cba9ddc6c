/**
 * The local cluster's loopback HTTP/1.1 server, on Netty: the pipeline, the checks RFC 9112 asks for beyond
 * Netty's codec, the exchange handlers see, restartable servers. Knows no Mesos: imports no Mesos protobufs, no
 * io.ferry.wire and no other io.ferry.local package.
 */
package io.ferry.local.http;
