package io.ferry.wire;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The calls to one (host, port) of a {@link PipelinedHttp}: a queue, and at most one connection at a time, on
 * which a writer thread writes the queued calls back to back and a reader thread reads their responses in order.
 *
 * <p>Calls wait in the queue until written; once written they are "in flight" until answered. When a connection
 * ends, its calls in flight fail and the queued ones go on the next connection, opened at once. A connection that
 * cannot be opened fails the calls queued at the time (none of them was sent).
 */
final class Pipeline {

    /** One POST and its caller's future. */
    record Call(URI uri, Map<String, String> headers, byte[] body, CompletableFuture<PlainHttp.Response> reply) {
    }

    /** At most this many calls, or this many body bytes (but at least one call), go in one write. */
    static final int MAX_BATCH_CALLS = 128;
    static final int MAX_BATCH_BYTES = 1 << 20;
    /** A connection with nothing to do for this long is closed (its two threads end); the next call opens one. */
    static final Duration IDLE = Duration.ofSeconds(5);
    private static final byte[] CRLF_CRLF = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final String threadPrefix;
    private final String host;
    private final int port;
    private final String hostPort;
    private final long timeoutNanos;
    private final int timeoutMillis;
    private final int depth;

    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock:
    private final ArrayDeque<Call> queue = new ArrayDeque<>();
    private Connection current;
    private String closed;

    Pipeline(String name, String host, int port, Duration timeout, int depth) {
        this.host = host;
        this.port = port;
        this.hostPort = host + ":" + port;
        this.threadPrefix = name + "-";
        this.timeoutNanos = timeout.toNanos();
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.depth = depth;
    }

    boolean serves(String host, int port) {
        return this.port == port && this.host.equals(host);
    }

    /** Queues {@code call}; never blocks (callbacks of other calls may post, on the reader thread). */
    void post(Call call) {
        String refused;
        lock.lock();
        try {
            refused = closed;
            if (refused == null) {
                queue.add(call);
                if (current == null) {
                    current = new Connection();
                } else if (current.writerWaiting) {
                    current.work.signal();
                }
                return;
            }
        } finally {
            lock.unlock();
        }
        call.reply.completeExceptionally(new IOException(refused + ": not sending POST " + call.uri));
    }

    /** Fails what is queued or in flight with {@code why}; the threads end. Later posts fail at once. */
    void close(String why) {
        List<Call> dropped;
        Connection c;
        lock.lock();
        try {
            closed = why;
            dropped = new ArrayList<>(queue);
            queue.clear();
            c = current;
        } finally {
            lock.unlock();
        }
        if (c != null) {
            c.end(new IOException(why));
        }
        for (Call call : dropped) {
            call.reply.completeExceptionally(new IOException(why + ": POST " + call.uri + " was not sent"));
        }
    }

    private IOException noAnswer() {
        return new IOException("no response from " + hostPort + " within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                + " ms");
    }

    private final class Connection {
        private final Socket socket = new Socket();
        private final Condition work = lock.newCondition();
        // Guarded by lock:
        private final ArrayDeque<Call> inFlight = new ArrayDeque<>();
        private boolean ended;
        private boolean writerWaiting;
        /** When the oldest call in flight was written or the last response read, whichever came later. */
        private long progressNanos = System.nanoTime();

        /** Called with the lock held. */
        Connection() {
            thread("w", this::write).start();
        }

        private Thread thread(String role, Runnable body) {
            Thread t = new Thread(body, threadPrefix + role + "-" + hostPort);
            t.setDaemon(true);
            return t;
        }

        private void write() {
            OutputStream out;
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), timeoutMillis);
                // Reads wake up this often to check for a call unanswered for too long while the writer is stuck
                // in a write (a peer that reads nothing); otherwise the writer checks that itself.
                socket.setSoTimeout(Math.max(10, Math.min(1000, timeoutMillis / 4)));
                out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
                InputStream in = socket.getInputStream();
                thread("r", () -> read(in)).start();
            } catch (IOException e) {
                connectFailed(e);
                return;
            }
            List<Call> batch = new ArrayList<>(MAX_BATCH_CALLS);
            URI lastUri = null;
            Map<String, String> lastHeaders = null;
            byte[] head = null;
            try {
                while (take(batch)) {
                    for (Call call : batch) {
                        // Calls to one lane nearly always share target and headers: their head is encoded once.
                        if (call.uri != lastUri || call.headers != lastHeaders) {
                            if (!call.uri.equals(lastUri) || !call.headers.equals(lastHeaders)) {
                                head = PlainHttp.headUpToLength(call.uri, hostPort, call.headers);
                            }
                            lastUri = call.uri;
                            lastHeaders = call.headers;
                        }
                        out.write(head);
                        writeDecimal(out, call.body.length);
                        out.write(CRLF_CRLF);
                        out.write(call.body);
                    }
                    out.flush();
                    batch.clear();
                }
            } catch (IOException | RuntimeException e) {
                end(e instanceof IOException io ? io : new IOException("writing the calls failed: " + e, e));
            }
        }

        /**
         * Waits for queued calls and moves a batch of them in flight (before they are written: a response may come
         * before the write returns). Also the watchdog: while it waits, nothing answered for the call timeout
         * ends the connection, even if the reader is stuck in a slow callback. {@code false}: the connection is over.
         */
        private boolean take(List<Call> batch) {
            boolean idle = false;
            IOException overdue = null;
            lock.lock();
            try {
                while (!ended && (queue.isEmpty() || inFlight.size() >= depth)) {
                    long limit = inFlight.isEmpty() ? IDLE.toNanos() : timeoutNanos;
                    long left = limit - (System.nanoTime() - progressNanos);
                    if (left <= 0) {
                        idle = inFlight.isEmpty();
                        overdue = idle ? null : noAnswer();
                        break;
                    }
                    writerWaiting = true;
                    try {
                        work.awaitNanos(left);
                    } catch (InterruptedException e) {
                        overdue = new IOException("the writer of " + hostPort + " was interrupted");
                        break;
                    } finally {
                        writerWaiting = false;
                    }
                }
                if (!ended && !idle && overdue == null) {
                    if (inFlight.isEmpty()) {
                        progressNanos = System.nanoTime();
                    }
                    long bytes = 0;
                    while (!queue.isEmpty() && batch.size() < MAX_BATCH_CALLS && inFlight.size() < depth) {
                        Call next = queue.peek();
                        if (!batch.isEmpty() && bytes + next.body.length > MAX_BATCH_BYTES) {
                            break;
                        }
                        queue.poll();
                        batch.add(next);
                        inFlight.add(next);
                        bytes += next.body.length;
                    }
                    return true;
                }
            } finally {
                lock.unlock();
            }
            if (idle || overdue != null) {
                end(overdue);
            }
            return false;
        }

        private void read(InputStream in) {
            PlainHttp.ResponseReader responses = new PlainHttp.ResponseReader(in, this::stalled);
            try {
                while (true) {
                    PlainHttp.Response reply = responses.read();
                    Call call;
                    lock.lock();
                    try {
                        call = inFlight.poll();
                        progressNanos = System.nanoTime();
                        if (writerWaiting && inFlight.size() == depth - 1 && !queue.isEmpty()) {
                            work.signal();
                        }
                    } finally {
                        lock.unlock();
                    }
                    if (call == null) {
                        throw new IOException("a response (" + reply.status() + ") from " + hostPort + " to no call");
                    }
                    // Callbacks run here: PipelinedHttp documents that they must be quick.
                    call.reply.complete(reply);
                    if (!responses.keepAlive()) {
                        // The server may have read, even handled, the calls written after this one (libprocess
                        // dispatches a connection's requests as it parses them), so they fail rather than go again.
                        end(new IOException(hostPort + " closed the connection after answering an earlier call"
                                + " (Connection: close); this call may or may not have been handled"));
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                end(e instanceof IOException io ? io : new IOException("malformed response from " + hostPort + ": " + e, e));
            }
        }

        /** The reader's read timed out: a call unanswered for the call timeout ends the connection. */
        private void stalled() throws IOException {
            lock.lock();
            try {
                if (ended) {
                    throw new IOException("connection to " + hostPort + " closed");
                }
                if (!inFlight.isEmpty() && System.nanoTime() - progressNanos >= timeoutNanos) {
                    throw noAnswer();
                }
            } finally {
                lock.unlock();
            }
        }

        /**
         * Ends this connection: the calls in flight fail with {@code cause} (none is resent: the server may have
         * handled it) and queued ones go on a new connection. {@code cause} is null for an idle connection.
         */
        void end(IOException cause) {
            List<Call> failed;
            lock.lock();
            try {
                if (ended) {
                    return;
                }
                ended = true;
                failed = new ArrayList<>(inFlight);
                inFlight.clear();
                if (current == this) {
                    current = closed == null && !queue.isEmpty() ? new Connection() : null;
                }
                work.signalAll();
            } finally {
                lock.unlock();
            }
            closeSocket();
            for (Call call : failed) {
                call.reply.completeExceptionally(new PipelinedHttp.UnansweredException("POST " + call.uri
                        + " written, unanswered: " + cause.getMessage(), cause));
            }
        }

        /** Nothing was sent: the calls queued now fail, and the next post tries again. */
        private void connectFailed(IOException cause) {
            List<Call> failed;
            lock.lock();
            try {
                ended = true;
                failed = new ArrayList<>(queue);
                queue.clear();
                if (current == this) {
                    current = null;
                }
            } finally {
                lock.unlock();
            }
            closeSocket();
            for (Call call : failed) {
                call.reply.completeExceptionally(new IOException("cannot connect to " + hostPort + " for POST "
                        + call.uri + ": " + cause, cause));
            }
        }

        private void closeSocket() {
            try {
                socket.close();
            } catch (IOException e) {
                // closed anyway
            }
        }
    }

    private static void writeDecimal(OutputStream out, int n) throws IOException {
        if (n >= 10) {
            writeDecimal(out, n / 10);
        }
        out.write('0' + n % 10);
    }
}
