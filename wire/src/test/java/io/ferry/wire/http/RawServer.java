package io.ferry.wire.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on a plain {@link ServerSocket} that answers every request with the bytes a test gives, byte for byte:
 * what no HTTP library would send. Each connection reads a request (head and Content-Length body), writes the
 * answer, and reads the next; {@link Answer#thenClose} ends the connection after it, and a {@code drip} sends the
 * answer a byte at a time. Given an {@code SSLServerSocket}, it speaks the same bytes over TLS.
 */
final class RawServer implements AutoCloseable {

    /** What to send, and what to do after. */
    record Answer(byte[] bytes, boolean thenClose, long dripMillis) {
        static Answer of(String text) {
            return new Answer(text.getBytes(StandardCharsets.ISO_8859_1), false, 0);
        }

        Answer closing() {
            return new Answer(bytes, true, dripMillis);
        }

        /** A byte every {@code millis}. */
        Answer dripped(long millis) {
            return new Answer(bytes, thenClose, millis);
        }
    }

    private final ServerSocket listener;
    private final Answer answer;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final CountDownLatch over = new CountDownLatch(1);

    RawServer(Answer answer) throws IOException {
        this(answer, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** Serves on {@code listener} (bound already), which it closes when closed. */
    RawServer(Answer answer, ServerSocket listener) {
        this.answer = answer;
        this.listener = listener;
        Thread t = new Thread(this::accept, "raw-server");
        t.setDaemon(true);
        t.start();
    }

    URI uri(String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + listener.getLocalPort() + "/api/v1/scheduler");
    }

    int port() {
        return listener.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** The heads of the requests read so far, as sent (lines ending in CRLF, without the empty line). */
    List<String> heads() {
        return heads;
    }

    /** Requests read whole so far, over all connections. */
    int requests() {
        return requests.get();
    }

    @Override
    public void close() throws IOException {
        over.countDown();
        listener.close();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "raw-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (String head; (head = readRequest(in)) != null; ) {
                heads.add(head);
                requests.incrementAndGet();
                if (answer.dripMillis > 0) {
                    for (byte b : answer.bytes) {
                        out.write(b);
                        out.flush();
                        if (over.await(answer.dripMillis, TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    }
                } else {
                    out.write(answer.bytes);
                    out.flush();
                }
                if (answer.thenClose) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the test ended
        }
    }

    /** Reads one request (head and Content-Length body); its head, or null when the connection ended before one. */
    static String readRequest(InputStream in) throws IOException {
        int length = 0;
        boolean first = true;
        StringBuilder head = new StringBuilder();
        while (true) {
            String line = line(in, first);
            if (line == null) {
                return null;
            }
            first = false;
            if (line.isEmpty()) {
                break;
            }
            head.append(line).append("\r\n");
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return head.toString();
    }

    private static String line(InputStream in, boolean mayEnd) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (mayEnd && line.length() == 0) {
                    return null;
                }
                throw new EOFException("the request ended within its head");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
