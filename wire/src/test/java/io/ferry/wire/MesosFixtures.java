package io.ferry.wire;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The project's Mesos message fixtures ({@code src/test/resources/mesos/} of this module; see the README there for
 * what each one follows), read from the class path. Other modules get them through this module's test jar, and a
 * jar cannot be listed like a directory, so the file {@code mesos/index.txt} names every fixture;
 * {@code MesosFixturesTest} keeps it equal to the directory.
 */
public final class MesosFixtures {

    /** Where the fixtures are on the class path. */
    static final String ROOT = "mesos/";
    static final String INDEX = "index.txt";

    private static final List<String> NAMES = readIndex();

    private MesosFixtures() {
    }

    /** Every fixture's file name, sorted. */
    public static List<String> all() {
        return NAMES;
    }

    /** The names of the fixtures whose names start with {@code prefix}, sorted; fails if there is none. */
    public static List<String> named(String prefix) {
        List<String> found = NAMES.stream().filter(n -> n.startsWith(prefix)).toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("no Mesos fixture named " + prefix + "* in " + ROOT + INDEX);
        }
        return found;
    }

    /** The JSON fixtures whose names start with {@code prefix}, sorted; fails if there is none. */
    public static List<String> json(String prefix) {
        List<String> found = named(prefix).stream().filter(n -> n.endsWith(".json")).toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("no JSON fixture named " + prefix + "*.json in " + ROOT + INDEX);
        }
        return found;
    }

    /** The bytes of fixture {@code name}. */
    public static byte[] bytes(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading Mesos fixture " + name, e);
        }
    }

    /** The text of fixture {@code name} (UTF-8, as Mesos JSON is). */
    public static String read(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** {@code scheduler-event-launch-group.json} with prefix {@code scheduler-event-} → {@code LAUNCH_GROUP}. */
    public static String typeName(String name, String prefix) {
        if (!name.startsWith(prefix) || !name.endsWith(".json")) {
            throw new IllegalArgumentException(name + " is not a " + prefix + "*.json fixture");
        }
        return name.substring(prefix.length(), name.length() - ".json".length()).replace('-', '_')
                .toUpperCase(java.util.Locale.ROOT);
    }

    private static InputStream open(String name) {
        InputStream in = MesosFixtures.class.getClassLoader().getResourceAsStream(ROOT + name);
        if (in == null) {
            throw new IllegalStateException("Mesos fixture " + ROOT + name + " is not on the class path (is the"
                    + " ferry-wire test jar a test dependency?)");
        }
        return in;
    }

    private static List<String> readIndex() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(open(INDEX), StandardCharsets.UTF_8))) {
            return lines.lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + ROOT + INDEX, e);
        }
    }
}
