/**
 * The HTTP/1.1 client of the scheduler and the executor, on Netty: pipelined keep-alive lanes for calls
 * ({@link io.ferry.wire.http.PipelinedHttp}) and the POST that opens an event stream
 * ({@link io.ferry.wire.http.StreamingPost}), over one event loop per JVM. Netty parses HTTP; what is Ferry's own
 * here is what Mesos needs of it: which calls share a connection and in what order, what "written but unanswered"
 * means, and a stream read only as fast as its reader takes it. Bytes only: it knows no policy.
 */
package io.ferry.wire.http;
