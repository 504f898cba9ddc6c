/**
 * What the scheduler and the executor share on the wire: RecordIO framing, Mesos HTTP content types and headers,
 * the task and result codec (the HTTP/1.1 client is in {@code io.ferry.wire.http}). Bytes and formats only: it
 * knows no policy, and imports nothing of Ferry but itself.
 */
package io.ferry.wire;
