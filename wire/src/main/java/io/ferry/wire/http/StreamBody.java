package io.ferry.wire.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.ferry.wire.RecordIoDecoder;
import io.ferry.wire.RecordIoException;
import io.netty.util.ReferenceCountUtil;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The body of a streamed response, read off its connection on demand: the channel does not read by itself
 * (auto-read off); it reads ahead while less than {@link #READ_AHEAD} bytes wait for the reader, and stops there
 * until the reader has taken some. So a flood of events waits in the kernel's buffers and then the master's, never
 * in this JVM's heap beyond that, and the stream goes as fast as its reader takes it. Reading ahead spares the
 * reader a request to the event loop per event (asking for each read from the reading thread cost the executor a
 * wake-up of the loop per event).
 *
 * <p>Between the event loop and the reading thread: a queue of byte arrays (each a piece of the de-chunked body),
 * then the end of the body or the error that ended it. At most one socket read is outstanding.
 *
 * <p>An event stream is rather handed to {@link StreamingPost.Records} ({@link #push}): its RecordIO records are
 * decoded on the event loop as the body comes and given to the receiver there, with no reading thread between
 * (a reading thread cost a thread wake-up, a context switch, per event). The receiver pauses
 * and resumes the reading ({@link StreamingPost.Flow}) for the same bound on what waits in the heap.
 */
final class StreamBody extends InputStream {

    private static final Object END = new Object();
    /** Bytes read and not yet taken by the reader, below which the channel reads on by itself. */
    static final int READ_AHEAD = 256 * 1024;

    private final Duration timeout;
    private final CompletableFuture<HttpResponse> head = new CompletableFuture<>();
    private final LinkedBlockingQueue<Object> pieces = new LinkedBlockingQueue<>();
    /** Whether a socket read was asked for and has not completed yet. */
    private final AtomicBoolean reading = new AtomicBoolean(true);
    /** Bytes in {@link #pieces}. */
    private final AtomicLong buffered = new AtomicLong();
    private volatile Channel channel;
    private boolean bounded;
    private byte[] current = new byte[0];
    private int position;
    private Object ended;
    // Push mode, confined to the event loop once set:
    private RecordIoDecoder decoder;
    private StreamingPost.Records records;
    private volatile boolean paused;

    StreamBody(Duration timeout) {
        this.timeout = timeout;
    }

    CompletableFuture<HttpResponse> head() {
        return head;
    }

    /** The head has come; {@code bounded}: reads wait at most the timeout (an error's body). */
    void bodyStarts(Channel ch, boolean bounded) {
        this.channel = ch;
        this.bounded = bounded;
    }

    ChannelInboundHandlerAdapter handler() {
        return new Handler();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position == current.length) {
            if (ended != null) {
                return endOrThrow();
            }
            Object next = pieces.poll();
            if (next == null) {
                demand();
                next = take();
            }
            if (next instanceof byte[] piece) {
                current = piece;
                position = 0;
                if (buffered.addAndGet(-piece.length) < READ_AHEAD) {
                    demand();
                }
            } else {
                ended = next;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - position;
    }

    /**
     * Hands the rest of the body to {@code to} as RecordIO records, on the event loop, instead of to a reader of
     * this stream (which must not have read from it). Returns what pauses and resumes the reading.
     */
    StreamingPost.Flow push(int maxRecordBytes, StreamingPost.Records to) {
        if (current.length != 0 || ended != null) {
            throw new IllegalStateException("the body was read as a stream already");
        }
        Channel ch = channel;
        ch.eventLoop().execute(() -> {
            decoder = new RecordIoDecoder(maxRecordBytes);
            records = to;
            // What came before the switch, in order: pieces, then perhaps the end.
            for (Object piece; (piece = pieces.poll()) != null; ) {
                if (piece instanceof byte[] bytes) {
                    buffered.addAndGet(-bytes.length);
                    if (!decode(ch, ByteBuffer.wrap(bytes))) {
                        return;
                    }
                } else {
                    finish(ch, piece == END ? null : (IOException) piece);
                    return;
                }
            }
            if (reading.compareAndSet(false, true)) {
                ch.read();
            }
        });
        return new StreamingPost.Flow() {
            @Override
            public void pause() {
                paused = true;
            }

            @Override
            public void resume() {
                paused = false;
                if (reading.compareAndSet(false, true)) {
                    ch.read();
                }
            }
        };
    }

    /** Feeds a piece to the decoder; false if the stream ended (bad framing, or a receiver that threw). */
    private boolean decode(Channel ch, ByteBuffer piece) {
        try {
            decoder.feed(piece, records::record);
            return true;
        } catch (RecordIoException e) {
            finish(ch, e);
        } catch (RuntimeException e) {
            finish(ch, new IOException("a record could not be handled: " + e, e));
        }
        return false;
    }

    /** The end of a pushed stream: told once, then the connection closes. */
    private void finish(Channel ch, IOException why) {
        StreamingPost.Records to = records;
        if (to == null) {
            return;
        }
        records = null;
        IOException cause = why == null && !decoder.betweenRecords() ? decoder.truncated() : why;
        ch.close();
        to.ended(cause);
    }

    /** Closes the connection: a read in progress on another thread ends with an error. */
    @Override
    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    private int endOrThrow() throws IOException {
        if (ended == END) {
            return -1;
        }
        IOException e = (IOException) ended;
        throw new IOException(e.getMessage(), e);
    }

    private Object take() throws IOException {
        try {
            if (!bounded) {
                return pieces.take();
            }
            Object next = pieces.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                close();
                throw new SocketTimeoutException("no more of the response within " + timeout.toMillis() + " ms");
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("interrupted while reading the response");
        }
    }

    /** The reader has taken everything: one more socket read, unless one is under way. */
    private void demand() {
        if (reading.compareAndSet(false, true)) {
            channel.read();
        }
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private boolean over;
        /** Within an interim (1xx) response, whose empty end is no end of the body. */
        private boolean interim;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (over) {
                    return;
                }
                if (msg instanceof HttpResponse response) {
                    int status = response.status().code();
                    if (status / 100 == 1) {
                        if (status == 101) {
                            throw new IllegalStateException("101 Switching Protocols to a request that asked for"
                                    + " no such thing");
                        }
                        interim = true; // the final response follows
                        return;
                    }
                    head.complete(response);
                }
                if (interim) {
                    interim = !(msg instanceof LastHttpContent);
                    return;
                }
                if (msg instanceof HttpContent content && records != null) {
                    pushed(ctx, content);
                    return;
                }
                if (msg instanceof HttpContent content) {
                    ByteBuf data = content.content();
                    if (data.isReadable()) {
                        byte[] piece = new byte[data.readableBytes()];
                        data.readBytes(piece);
                        buffered.addAndGet(piece.length);
                        pieces.add(piece);
                    }
                    if (msg instanceof LastHttpContent) {
                        over = true;
                        pieces.add(END);
                        ctx.close();
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        /** A piece of a pushed stream: its records go to the receiver now. */
        private void pushed(ChannelHandlerContext ctx, HttpContent content) {
            ByteBuf data = content.content();
            if (data.isReadable()) {
                for (ByteBuffer piece : data.nioBuffers()) {
                    if (!decode(ctx.channel(), piece)) {
                        over = true;
                        return;
                    }
                }
            }
            if (content instanceof LastHttpContent) {
                over = true;
                finish(ctx.channel(), null);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (over) {
                return;
            }
            if (records != null) {
                // Pushed: read on unless the receiver paused; resume() reads again then.
                reading.set(false);
                if (!paused && reading.compareAndSet(false, true)) {
                    ctx.read();
                }
                return;
            }
            // Until the head is complete, and while the reader has less than READ_AHEAD waiting, read on;
            // otherwise the reader asks (demand) once it has taken enough.
            if (!head.isDone() || buffered.get() < READ_AHEAD) {
                ctx.read();
            } else {
                reading.set(false);
                if (buffered.get() < READ_AHEAD) {
                    demand(); // the reader took enough between the check and the flag
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            IOException error = cause instanceof IOException io ? io
                    : new IOException("malformed response: " + cause.getMessage(), cause);
            if (!head.completeExceptionally(error) && !over) {
                over = true;
                if (records != null) {
                    finish(ctx.channel(), error);
                } else {
                    pieces.add(error);
                }
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            IOException closed = new EOFException("connection closed before the response was complete");
            if (!head.completeExceptionally(closed) && !over) {
                over = true;
                if (records != null) {
                    finish(ctx.channel(), closed);
                } else {
                    pieces.add(closed);
                }
            }
            ctx.fireChannelInactive();
        }
    }
}
