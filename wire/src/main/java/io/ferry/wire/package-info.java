/**
 * What the scheduler and the executor share on the wire: RecordIO framing, Mesos HTTP content types and headers,
 * the HTTP/1.1 client pieces, the task and result codec. Bytes and formats only: it knows no policy, and imports
 * nothing of Ferry but itself.
 */
package io.ferry.wire;
