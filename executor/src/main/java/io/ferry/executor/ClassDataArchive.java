package io.ferry.executor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Writes the class-data archive (AppCDS) that {@code ferry-executor.sh} asked for, so that the executors started
 * after this one load their classes from it instead of parsing the jar.
 *
 * <p>The launch script starts an executor without an archive yet with {@code -XX:DumpLoadedClassList=<list>} (the
 * JVM appends every class it loads; the list is in the sandbox) and {@code -Dferry.cds.archive=<archive>}. A few
 * seconds after the first LAUNCH, when the classes of subscribing, launching, fetching a class, running a task and
 * reporting it are loaded, this runs {@code java -Xshare:dump} on that list in a child process with the same JVM
 * and heap options, into a file of its own; checks that file once with a JVM that must map it and verify its
 * checksums; and renames it to the archive: another executor sees no archive or a whole, checked one. All of it is
 * an optimisation: any failure is one log line, and the next executor tries again.
 */
final class ClassDataArchive {

    private static final Logger LOG = Logger.getLogger(ClassDataArchive.class.getName());
    static final String ARCHIVE_PROPERTY = "ferry.cds.archive";
    static final String LIST_PROPERTY = "ferry.cds.list";
    /** After the first LAUNCH: long enough for a short first task to have run and been reported. */
    static final long DELAY_MILLIS = 3_000;
    /** A dump takes one to a few seconds, its check a fraction of one; a hung one is given up. */
    static final long DUMP_TIMEOUT_SECONDS = 120;

    private final Path archive;
    private final Path list;
    private final AtomicBoolean started = new AtomicBoolean();

    private ClassDataArchive(Path archive, Path list) {
        this.archive = archive;
        this.list = list;
    }

    /** The archive the launch script asked for, or null when it asked for none. */
    static ClassDataArchive requested() {
        String archive = System.getProperty(ARCHIVE_PROPERTY);
        String list = System.getProperty(LIST_PROPERTY);
        return archive == null || list == null || archive.isBlank() || list.isBlank() ? null
                : new ClassDataArchive(Path.of(archive), Path.of(list));
    }

    /** Called on every LAUNCH: the first one starts the dump, later, on a daemon thread. */
    void launched() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(DELAY_MILLIS);
                write();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                LOG.warning("no class-data archive written (" + e + "); the next executor tries again");
            }
        }, "ferry-class-data-archive");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    void write() throws IOException, InterruptedException {
        if (Files.exists(archive)) {
            return; // another executor made it meanwhile
        }
        long pid = ProcessHandle.current().pid();
        // Beside the list, in the sandbox: nothing but the archive's partial file (renamed within its directory)
        // is left in the shared cache if this executor is killed meanwhile, and the script removes that.
        Path classes = list.resolveSibling(list.getFileName() + ".complete");
        Path partial = archive.resolveSibling(archive.getFileName() + ".part." + pid);
        Path log = list.resolveSibling(list.getFileName() + ".dump.log");
        try {
            // Only whole lines: the JVM may be writing the list's last one right now.
            String text = Files.readString(list, StandardCharsets.UTF_8);
            Files.writeString(classes, text.substring(0, text.lastIndexOf('\n') + 1), StandardCharsets.UTF_8);
            List<String> options = sameJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments());
            String classPath = System.getProperty("java.class.path");
            long start = System.nanoTime();
            dump(options, classPath, classes, partial, log);
            check(options, classPath, partial, log);
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("class-data archive " + archive + " written and checked in "
                    + (System.nanoTime() - start) / 1_000_000
                    + " ms; executors started from now on load their classes from it");
        } finally {
            Files.deleteIfExists(classes);
            Files.deleteIfExists(partial);
            Files.deleteIfExists(log);
            Files.deleteIfExists(list);
        }
    }

    /** Writes the archive of the classes in {@code classList} into {@code into}, with this JVM's {@code java}. */
    static void dump(List<String> options, String classPath, Path classList, Path into, Path log)
            throws IOException, InterruptedException {
        run(java(options, classPath, "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + into), log, "java -Xshare:dump");
        if (!Files.isRegularFile(into)) {
            throw new IOException("java -Xshare:dump wrote no archive: " + tail(log));
        }
    }

    /**
     * Fails unless a JVM with these options and class path maps {@code archive} and agrees with its checksums.
     * Done once, when the archive is made, rather than at every executor's start: the checksums of some 25 MB cost
     * 40 ms of each start ({@code -XX:+VerifySharedSpaces}), and a JVM that maps a damaged archive may crash.
     * {@code -Xshare:on} makes a JVM that cannot use the archive exit with an error.
     */
    static void check(List<String> options, String classPath, Path archive, Path log)
            throws IOException, InterruptedException {
        run(java(options, classPath, "-Xshare:on", "-XX:+VerifySharedSpaces", "-XX:SharedArchiveFile=" + archive,
                "-version"), log, "the check of the new archive");
    }

    /** A command line of this JVM's {@code java}: {@code options}, the class path, then {@code args}. */
    private static List<String> java(List<String> options, String classPath, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(classPath);
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code command}, its output into {@code log}; fails naming {@code what} unless it exits with 0. */
    private static void run(List<String> command, Path log, String what) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(what + " took more than " + DUMP_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(what + " exited with " + process.exitValue() + ": " + tail(log));
        }
    }

    /**
     * The options of this JVM that an archive must agree with (heap size and collector decide the compressed
     * pointers' layout), without the ones that asked for this archive.
     */
    static List<String> sameJvmOptions(List<String> inputArguments) {
        List<String> out = new ArrayList<>();
        for (String a : inputArguments) {
            if ((a.startsWith("-Xmx") || a.startsWith("-XX:+Use") || a.startsWith("-XX:-Use")
                    || a.startsWith("-XX:MaxRAM")) && !a.contains("Shared")) {
                out.add(a);
            }
        }
        return out;
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            return text.length() <= 500 ? text : "…" + text.substring(text.length() - 500);
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
