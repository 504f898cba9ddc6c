package io.ferry.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Large and endless responses to clients that read slowly or not at all: what they cost the server. */
@Timeout(120)
class LoopbackBackPressureTest {

    private static final Duration STALL = Duration.ofSeconds(1);

    private final LoopbackServerGroup group = new LoopbackServerGroup(HttpLimits.DEFAULTS.withStallTimeout(STALL));
    private RestartableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        group.close();
    }

    @Test
    void aFileOfAGibibyteGoesOutWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.bin");
        long size = 1L << 30;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size); // sparse: no disk, and the bytes are zeros
        }
        server = RestartableServer.start(group, "127.0.0.1", Map.of("/file", exchange -> exchange.sendFile(file)));
        long heapBefore = heapUsed();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("GET /file HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + size);
            long start = System.nanoTime();
            byte[] buffer = new byte[1 << 16];
            long got = 0;
            long peakHeap = heapBefore;
            int n;
            while (got < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - got))) > 0) {
                got += n;
                if ((got & ((64 << 20) - 1)) < n) {
                    peakHeap = Math.max(peakHeap, heapUsed());
                }
            }
            assertThat(got).isEqualTo(size);
            System.out.println("ferry-http-download bytes=" + size + " ms=" + (System.nanoTime() - start) / 1_000_000
                    + " heap_before_mb=" + heapBefore / (1 << 20) + " heap_peak_mb=" + peakHeap / (1 << 20));
            // The connection stays usable after the file: a next request is answered.
            socket.getOutputStream().write("GET /file HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readHead(in)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aStreamNobodyReadsIsCutOffAfterTheStallTimeout() throws Exception {
        CompletableFuture<LoopbackExchange> stream = new CompletableFuture<>();
        server = RestartableServer.start(group, "127.0.0.1", Map.of("/stream", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            stream.complete(exchange);
        }));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.getOutputStream().write("POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            OutputStream body = stream.get(10, TimeUnit.SECONDS).getResponseBody();
            AtomicLong written = new AtomicLong();
            byte[] record = new byte[16 * 1024];
            long start = System.nanoTime();
            CompletableFuture<IOException> failed = CompletableFuture.supplyAsync(() -> {
                try {
                    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
                        body.write(record);
                        body.flush();
                        written.addAndGet(record.length);
                    }
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            // the client reads nothing: the writer is held up, then cut off; it never gets ahead by much
            assertThat(failed.get(30, TimeUnit.SECONDS)).isNotNull();
            System.out.println("ferry-http-stall written_kb=" + written.get() / 1024 + " cut_off_ms="
                    + (System.nanoTime() - start) / 1_000_000);
            assertThat(written.get()).isLessThan(64L << 20);
        }
    }

    private static long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed within the head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
