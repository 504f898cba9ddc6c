package io.ferry.web.executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An agent's {@code /files/read} and {@code /files/download} over files held in memory, answering as Mesos does
 * (docs/mesos-notes.md §7): raw bytes in the JSON string, at most 16 pages per read, the size for offset -1, 404 for
 * a path it does not have. It records every path asked for, so a test can tell what was read.
 */
final class StandInAgent implements AutoCloseable {

    static final int MAX_READ = 16 * 4096;

    private final HttpServer server;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<String> pathsAsked = new CopyOnWriteArrayList<>();

    StandInAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stand-in-agent");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/files/read", this::read);
        server.createContext("/files/download", this::download);
        server.start();
    }

    String endpoint() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void read(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            byte[] file = file(exchange, query);
            if (file == null) {
                return;
            }
            long offset = Long.parseLong(query.getOrDefault("offset", "-1"));
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            json.writeBytes("{\"data\":\"".getBytes(StandardCharsets.US_ASCII));
            if (offset >= 0) {
                long length = Long.parseLong(query.getOrDefault("length", "-1"));
                int from = (int) Math.min(offset, file.length);
                int to = (int) Math.min(file.length, from + Math.min(MAX_READ, length < 0 ? file.length : length));
                for (int i = from; i < to; i++) {
                    int b = file[i] & 0xff;
                    if (b == '"' || b == '\\') {
                        json.write('\\');
                        json.write(b);
                    } else if (b < 0x20) {
                        json.writeBytes(String.format("\\u%04x", b).getBytes(StandardCharsets.US_ASCII));
                    } else {
                        json.write(b);
                    }
                }
            }
            json.writeBytes(("\",\"offset\":" + (offset < 0 ? file.length : offset) + "}")
                    .getBytes(StandardCharsets.US_ASCII));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.size());
            exchange.getResponseBody().write(json.toByteArray());
        }
    }

    private void download(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] file = file(exchange, query(exchange.getRequestURI().getRawQuery()));
            if (file == null) {
                return;
            }
            exchange.sendResponseHeaders(200, file.length == 0 ? -1 : file.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(file);
            }
        }
    }

    private byte[] file(HttpExchange exchange, Map<String, String> query) throws IOException {
        String path = query.get("path");
        pathsAsked.add(path);
        byte[] file = path == null ? null : files.get(path);
        if (file == null) {
            exchange.sendResponseHeaders(404, -1);
        }
        return file;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
