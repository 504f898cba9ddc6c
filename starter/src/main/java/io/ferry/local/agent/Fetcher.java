package io.ferry.local.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.mesos.v1.Protos.CommandInfo;

/**
 * Fetches {@code CommandInfo.uris} into a sandbox as {@code mesos-fetcher} does (docs/mesos-notes.md §6): http(s)
 * with redirects and success only on 200, {@code file://} and absolute paths copied; {@code output_file} or the
 * text after the last {@code /} (query included) as the name; {@code executable} → mode 0755 and no extraction;
 * otherwise tar, tgz/tar.gz, tbz2/tar.bz2, txz/tar.xz and zip archives unpacked into the sandbox root (tar
 * formats through the system's {@code tar}) and a lone {@code .gz} gunzipped. No fetcher cache: {@code cache}
 * is ignored. Log lines go to the sandbox's {@code stderr}, as the fetcher's do.
 */
public final class Fetcher {

    private static final DateTimeFormatter GLOG_TIME = DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS");
    private static final List<String> TAR_SUFFIXES =
            List.of(".tar", ".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz");

    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    /** A download with no byte for this long fails, as mesos-fetcher's {@code --fetcher_stall_timeout} (60 s). */
    private static final int STALL_TIMEOUT_MILLIS = 60_000;
    /** As the JDK's HTTP client: how many, and which answers it follows. */
    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** One fetcher serves every agent of a cluster. */
    public Fetcher() {
    }

    /** The fetch failed; the run's tasks fail with REASON_CONTAINER_LAUNCH_FAILED. */
    static final class FetchException extends Exception {
        FetchException(String message) {
            super(message);
        }
    }

    void fetch(List<CommandInfo.URI> uris, Path sandbox, PrintStream log) throws FetchException {
        for (CommandInfo.URI uri : uris) {
            fetchOne(uri, sandbox, log);
        }
        if (!uris.isEmpty()) {
            log(log, "Successfully fetched all URIs into '" + sandbox + "'");
        }
    }

    private void fetchOne(CommandInfo.URI uri, Path sandbox, PrintStream log) throws FetchException {
        String value = uri.getValue();
        log(log, "Fetching URI '" + value + "'");
        if (value.indexOf('\\') >= 0 || value.indexOf('\'') >= 0 || value.indexOf('\0') >= 0) {
            throw new FetchException("Illegal characters in URI '" + value + "'");
        }
        int schemeEnd = value.indexOf("://");
        String scheme = schemeEnd > 0 ? value.substring(0, schemeEnd).toLowerCase() : null;
        if (scheme != null && value.indexOf('/', schemeEnd + 3) < 0) {
            throw new FetchException("Malformed URI (no path after the host): '" + value + "'");
        }
        if (uri.hasOutputFile() && uri.getOutputFile().startsWith("/")) {
            throw new FetchException("'output_file' must not be an absolute path: '" + uri.getOutputFile() + "'");
        }
        String name = uri.hasOutputFile() ? uri.getOutputFile() : value.substring(value.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            throw new FetchException("Cannot derive a file name from URI '" + value + "'");
        }
        Path target = sandbox.resolve(name).normalize();
        if (!target.startsWith(sandbox) || target.equals(sandbox)) {
            throw new FetchException("'" + name + "' is outside the sandbox");
        }
        try {
            Files.createDirectories(target.getParent());
            if (scheme == null || scheme.equals("file")) {
                copy(scheme == null ? value : value.substring(schemeEnd + 3), target);
            } else if (scheme.equals("http") || scheme.equals("https")) {
                download(value, target, log);
            } else {
                throw new FetchException("Unsupported URI scheme '" + scheme + "' (the local cluster fetches "
                        + "http, https, file and absolute paths)");
            }
            if (uri.getExecutable()) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            } else if (uri.getExtract()) {
                extract(target, sandbox, log);
            }
        } catch (IOException e) {
            throw new FetchException("Failed to fetch '" + value + "': " + e);
        }
        log(log, "Fetched '" + value + "' to '" + target + "'");
    }

    private static void copy(String path, Path target) throws IOException, FetchException {
        if (!path.startsWith("/")) {
            // Mesos prefixes relative paths with --frameworks_home, which a local cluster does not have.
            throw new FetchException("Relative path '" + path + "' needs --frameworks_home, which the local "
                    + "cluster does not have");
        }
        Path source = Path.of(path);
        if (!Files.isRegularFile(source)) {
            throw new FetchException("No such file: '" + path + "'");
        }
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * GET {@code url} into {@code target}, following redirects as the JDK's {@code Redirect.NORMAL} does (not from
     * https to http). {@code HttpURLConnection} rather than {@code java.net.http.HttpClient}: the first request of
     * the latter loads some 1,100 classes, measured at 280-360 ms in a fresh JVM against 47 ms, and the first
     * fetch is on the way of the first task (the jar of the first executor).
     */
    private static void download(String url, Path target, PrintStream log) throws IOException, FetchException {
        log(log, "Downloading resource from '" + url + "' to '" + target + "'");
        URI at = parse(url);
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection = (HttpURLConnection) at.toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(STALL_TIMEOUT_MILLIS);
            int status = connection.getResponseCode();
            URI next = REDIRECTS.contains(status) ? redirect(at, connection.getHeaderField("Location")) : null;
            if (status != 200) {
                connection.disconnect();
                if (next == null) {
                    throw new FetchException("Error downloading resource, received HTTP return code " + status
                            + " from '" + url + "'");
                }
                if (redirects == MAX_REDIRECTS) {
                    throw new FetchException("More than " + MAX_REDIRECTS + " redirects from '" + url + "'");
                }
                at = next;
                continue;
            }
            try (InputStream body = connection.getInputStream()) {
                Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return;
        }
    }

    private static URI parse(String url) throws FetchException {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new URISyntaxException(url, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new FetchException("Malformed URI '" + url + "': " + e.getMessage());
        }
    }

    /** Where a 3xx sends to, or null where it is not followed: no Location, not http(s), or https to http. */
    private static URI redirect(URI from, String location) {
        if (location == null) {
            return null;
        }
        try {
            URI to = from.resolve(new URI(location));
            String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
            boolean fromHttps = "https".equalsIgnoreCase(from.getScheme());
            return scheme.equals("https") || (scheme.equals("http") && !fromHttps) ? to : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static void extract(Path file, Path sandbox, PrintStream log) throws IOException, FetchException {
        String name = file.getFileName().toString();
        if (TAR_SUFFIXES.stream().anyMatch(name::endsWith)) {
            log(log, "Extracting with command: tar -C '" + sandbox + "' -xf '" + file + "'");
            Process tar = new ProcessBuilder("tar", "-C", sandbox.toString(), "-xf", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                    tar.destroyForcibly();
                    throw new FetchException("Failed to extract '" + file + "' with tar");
                }
            } catch (InterruptedException e) {
                tar.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new FetchException("Interrupted while extracting '" + file + "'");
            }
        } else if (name.endsWith(".zip")) {
            log(log, "Extracting '" + file + "' into '" + sandbox + "'");
            unzip(file, sandbox);
        } else if (name.endsWith(".gz")) {
            Path out = file.resolveSibling(name.substring(0, name.length() - 3));
            log(log, "Decompressing '" + file + "' to '" + out + "'");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void unzip(Path zip, Path sandbox) throws IOException, FetchException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path out = sandbox.resolve(entry.getName()).normalize();
                if (!out.startsWith(sandbox)) {
                    throw new FetchException("Zip entry '" + entry.getName() + "' points outside the sandbox");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (OutputStream os = Files.newOutputStream(out)) {
                        in.transferTo(os);
                    }
                }
            }
        }
    }

    /** A glog-style line like the real fetcher's, so the sandbox's stderr starts the way it does on Mesos. */
    private static void log(PrintStream log, String message) {
        log.println("I" + LocalDateTime.now().format(GLOG_TIME) + " " + ProcessHandle.current().pid()
                + " fetcher.cpp] " + message);
    }
}
