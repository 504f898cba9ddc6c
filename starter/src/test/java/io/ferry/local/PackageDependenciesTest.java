package io.ferry.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules the package-info files of the local cluster state, checked on the imports of its sources (the tests
 * run in the module's directory): no package of it reaches into Ferry's engine, the HTTP server knows no Mesos,
 * the master and the agents know each other only through {@link AgentLink} and {@link MasterLink}.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "io", "ferry", "local");

    /** Every {@code import} line of the package's own sources ({@code sub} empty: io.ferry.local itself). */
    private static List<String> imports(String sub, Predicate<Path> files) {
        Path dir = sub.isEmpty() ? SOURCES : SOURCES.resolve(sub);
        assertThat(dir).isDirectory();
        List<String> imports = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(p -> p.toString().endsWith(".java")).filter(files).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("import ")) {
                        imports.add(file.getFileName() + ": " + line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return imports;
    }

    private static List<String> imports(String sub) {
        return imports(sub, file -> true);
    }

    @Test
    void nothingImportsTheSchedulerTheApiOrTheAutoconfiguration() {
        for (String sub : List.of("", "http", "protocol", "master", "agent")) {
            assertThat(imports(sub)).as(sub).noneMatch(line -> line.contains(" io.ferry.scheduler.")
                    || line.contains(" io.ferry.api.") || line.contains(" io.ferry.autoconfigure."));
        }
    }

    @Test
    void theHttpServerKnowsNoMesos() {
        assertThat(imports("http")).noneMatch(line -> line.contains(" io.ferry.")
                || line.contains(" org.apache.mesos.") || line.contains(" com.google.protobuf."));
    }

    @Test
    void theProtocolSitsOnTheHttpServerOnly() {
        assertThat(imports("protocol")).allMatch(line -> !line.contains(" io.ferry.")
                || line.contains(" io.ferry.local.http.") || line.contains(" io.ferry.wire."));
    }

    @Test
    void masterAndAgentNeverImportEachOther() {
        assertThat(imports("master")).noneMatch(line -> line.contains(" io.ferry.local.agent."));
        assertThat(imports("agent")).noneMatch(line -> line.contains(" io.ferry.local.master."));
    }

    @Test
    void onlyLocalClusterWiresTheSubpackages() {
        assertThat(imports("", file -> !file.getFileName().toString().equals("LocalCluster.java")))
                .noneMatch(line -> line.matches(".* io\\.ferry\\.local\\.[a-z]+\\..*"));
    }
}
