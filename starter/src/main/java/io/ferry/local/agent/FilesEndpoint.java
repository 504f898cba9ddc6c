package io.ferry.local.agent;

import io.ferry.local.http.LoopbackExchange;
import io.ferry.local.http.LoopbackHandler;
import io.ferry.local.http.Responses;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The agent's {@code /files/read}, {@code /files/browse}, {@code /files/download} and {@code /files/debug}
 * (docs/mesos-notes.md §7). Each executor run is attached under three paths: its real directory,
 * {@code …/runs/latest} below the work directory, and the virtual {@code /frameworks/<fw>/executors/<ex>/runs/latest}.
 * Thread-safe: the attachment table is concurrent, everything else reads the file system.
 */
final class FilesEndpoint implements LoopbackHandler {

    /** Mesos reads at most 16 pages per request (§7). */
    static final int MAX_READ = 16 * 4096;

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "txt", "text/plain", "log", "text/plain", "json", "application/json", "html", "text/html",
            "xml", "application/xml", "jar", "application/java-archive", "zip", "application/zip",
            "gz", "application/gzip", "sh", "application/x-sh");

    private final ConcurrentHashMap<String, Path> attached = new ConcurrentHashMap<>();

    /** Attaches a run's sandbox under its three paths; {@code latest} paths move to the newest run. */
    void attach(Sandbox sandbox) {
        attached.put(sandbox.directory().toString(), sandbox.directory());
        attached.put(sandbox.latestLink().toString(), sandbox.directory());
        attached.put(sandbox.virtualPath(), sandbox.directory());
    }

    @Override
    public void handle(LoopbackExchange exchange) throws IOException {
        try {
            Responses.body(exchange);
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                Responses.methodNotAllowed(exchange, "GET");
                return;
            }
            String endpoint = exchange.getRequestURI().getPath();
            endpoint = endpoint.substring(endpoint.lastIndexOf('/') + 1);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            switch (endpoint) {
                case "read" -> read(exchange, query);
                case "browse" -> browse(exchange, query);
                case "download" -> download(exchange, query);
                case "debug" -> debug(exchange);
                default -> Responses.text(exchange, 404, "");
            }
        } catch (IOException e) {
            exchange.close();
        }
    }

    private void read(LoopbackExchange exchange, Map<String, String> query) throws IOException {
        String path = query.get("path");
        if (path == null) {
            Responses.text(exchange, 400, "Expecting 'path' to be specified");
            return;
        }
        long offset;
        long length;
        try {
            offset = query.containsKey("offset") ? Long.parseLong(query.get("offset")) : -1; // absent = -1 (§7)
            length = query.containsKey("length") ? Long.parseLong(query.get("length")) : -1;
        } catch (NumberFormatException e) {
            Responses.text(exchange, 400, "Failed to parse 'offset' or 'length': " + e.getMessage());
            return;
        }
        if (offset < -1) {
            Responses.text(exchange, 400, "Negative offset provided: " + offset);
            return;
        }
        if (length < -1) {
            Responses.text(exchange, 400, "Negative length provided: " + length);
            return;
        }
        Path file = regularFile(exchange, path, "read");
        if (file == null) {
            return;
        }
        byte[] data;
        long size;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            size = in.length();
            if (offset == -1) {
                Responses.json(exchange, new JsonWriter().beginObject().name("data").value("")
                        .name("offset").value(size).endObject().toBytes());
                return;
            }
            long want = length == -1 ? size - offset : length;
            int n = (int) Math.max(0, Math.min(Math.min(want, MAX_READ), size - offset));
            data = new byte[n];
            if (n > 0) {
                in.seek(offset);
                in.readFully(data);
            }
        } catch (NoSuchFileException e) {
            Responses.text(exchange, 404, "");
            return;
        }
        // Keys print sorted, as Mesos' do; data is the raw bytes in a JSON string, not base64 (§7).
        Responses.json(exchange, new JsonWriter().beginObject().name("data").rawString(data, 0, data.length)
                .name("offset").value(offset).endObject().toBytes());
    }

    private void browse(LoopbackExchange exchange, Map<String, String> query) throws IOException {
        String path = query.get("path");
        if (path == null) {
            Responses.text(exchange, 400, "Expecting 'path' to be specified");
            return;
        }
        Path dir = resolve(path);
        if (dir == null || !Files.exists(dir)) {
            Responses.text(exchange, 404, "");
            return;
        }
        String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        TreeMap<String, Path> entries = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                list.forEach(p -> entries.put(base + "/" + p.getFileName(), p));
            }
        } else {
            entries.put(base, dir);
        }
        JsonWriter json = new JsonWriter().beginArray();
        for (Map.Entry<String, Path> e : entries.entrySet()) {
            fileInfo(json, e.getKey(), e.getValue());
        }
        Responses.json(exchange, json.endArray().toBytes());
    }

    /** Mesos' {@code model(FileInfo)}: keys sorted (gid, mode, mtime, nlink, path, size, uid). */
    private static void fileInfo(JsonWriter json, String path, Path file) throws IOException {
        PosixFileAttributes attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Object nlink = Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        json.beginObject()
                .name("gid").value(attrs.group().getName())
                .name("mode").value(mode(attrs))
                .name("mtime").value(attrs.lastModifiedTime().toMillis() / 1000.0)
                .name("nlink").value(((Number) nlink).longValue())
                .name("path").value(path)
                .name("size").value(attrs.size())
                .name("uid").value(attrs.owner().getName())
                .endObject();
    }

    /** The {@code ls -l} form, e.g. {@code -rw-r--r--} or {@code drwxr-xr-x}. */
    private static String mode(PosixFileAttributes attrs) {
        Set<PosixFilePermission> p = attrs.permissions();
        char type = attrs.isDirectory() ? 'd' : attrs.isSymbolicLink() ? 'l' : '-';
        return "" + type
                + (p.contains(PosixFilePermission.OWNER_READ) ? 'r' : '-')
                + (p.contains(PosixFilePermission.OWNER_WRITE) ? 'w' : '-')
                + (p.contains(PosixFilePermission.OWNER_EXECUTE) ? 'x' : '-')
                + (p.contains(PosixFilePermission.GROUP_READ) ? 'r' : '-')
                + (p.contains(PosixFilePermission.GROUP_WRITE) ? 'w' : '-')
                + (p.contains(PosixFilePermission.GROUP_EXECUTE) ? 'x' : '-')
                + (p.contains(PosixFilePermission.OTHERS_READ) ? 'r' : '-')
                + (p.contains(PosixFilePermission.OTHERS_WRITE) ? 'w' : '-')
                + (p.contains(PosixFilePermission.OTHERS_EXECUTE) ? 'x' : '-');
    }

    private void download(LoopbackExchange exchange, Map<String, String> query) throws IOException {
        String path = query.get("path");
        if (path == null) {
            Responses.text(exchange, 400, "Expecting 'path' to be specified");
            return;
        }
        Path file = regularFile(exchange, path, "download");
        if (file == null) {
            return;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : CONTENT_TYPES.get(name.substring(dot + 1).toLowerCase());
        exchange.getResponseHeaders().set("Content-Type", type != null ? type : "application/octet-stream");
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=" + name);
        exchange.sendFile(file); // from the file to the socket: a file of any size costs no memory
    }

    private void debug(LoopbackExchange exchange) throws IOException {
        JsonWriter json = new JsonWriter().beginObject();
        new TreeMap<>(attached).forEach((virtual, real) -> json.name(virtual).value(real.toString()));
        Responses.json(exchange, json.endObject().toBytes());
    }

    /** Maps a requested path to a file below an attached directory, or null. Never escapes the attachment. */
    Path resolve(String requested) {
        String path = requested.length() > 1 && requested.endsWith("/")
                ? requested.substring(0, requested.length() - 1) : requested;
        String best = null;
        for (String prefix : attached.keySet()) {
            if ((path.equals(prefix) || path.startsWith(prefix + "/"))
                    && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best == null) {
            return null;
        }
        Path root = attached.get(best);
        String rest = path.substring(best.length());
        Path resolved = rest.isEmpty() ? root : root.resolve(rest.substring(1)).normalize();
        return resolved.startsWith(root) ? resolved : null;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        List<String> pairs = new ArrayList<>(List.of(raw.split("&")));
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params;
    }

    /**
     * The sandbox file {@code path} names, or null once the response said why not: 404 for no such file (with an
     * empty body, as Mesos answers), 400 for a directory.
     */
    private Path regularFile(LoopbackExchange exchange, String path, String verb) throws IOException {
        Path file = resolve(path);
        if (file == null || !Files.exists(file)) {
            Responses.text(exchange, 404, "");
            return null;
        }
        if (Files.isDirectory(file)) {
            Responses.text(exchange, 400, "Cannot " + verb + " a directory");
            return null;
        }
        return file;
    }
}
