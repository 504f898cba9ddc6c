package io.ferry.executor;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code src/main/sh/ferry-executor.sh} with stand-in {@code java} programs that print who they are. */
class LaunchScriptTest {

    static final Path SCRIPT = Path.of("src", "main", "sh", "ferry-executor.sh");

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void fakeJavas() throws IOException {
        for (String name : new String[]{"ferry", "home/bin", "path", "empty"}) {
            Files.createDirectories(dir.resolve(name));
        }
        for (String name : new String[]{"ferry", "home/bin", "path"}) {
            Path java = dir.resolve(name).resolve("java");
            Files.writeString(java, "#!/bin/sh\necho \"" + name + " $*\"\n");
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private Result run(Map<String, String> env) throws Exception {
        assertThat(SCRIPT).as("run from the executor module").exists();
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", SCRIPT.toString());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void isExecutable() {
        assertThat(Files.isExecutable(SCRIPT)).isTrue();
    }

    @Test
    void prefersFerryJavaAndPassesTheOptionsAndTheJarNextToTheScript() throws Exception {
        Result r = run(Map.of("FERRY_JAVA", path("ferry/java"), "JAVA_HOME", path("home"), "PATH", path("path"),
                "FERRY_JAVA_OPTS", "-Xmx64m -Dferry.x=1"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("ferry -Xmx64m -Dferry.x=1 -jar " + SCRIPT.getParent().resolve("ferry-executor.jar"));
    }

    @Test
    void aFerryJavaWithoutSlashIsLookedUpOnPath() throws Exception {
        assertThat(run(Map.of("FERRY_JAVA", "java", "PATH", path("path"))).out()).startsWith("path -jar");
    }

    @Test
    void thenJavaHome() throws Exception {
        assertThat(run(Map.of("JAVA_HOME", path("home"), "PATH", path("path"))).out()).startsWith("home/bin -jar");
    }

    @Test
    void thenPath() throws Exception {
        assertThat(run(Map.of("JAVA_HOME", path("empty"), "PATH", path("path"))).out()).startsWith("path -jar");
    }

    @Test
    void aBrokenFerryJavaIsReportedAndSkipped() throws Exception {
        Result r = run(Map.of("FERRY_JAVA", path("nowhere/java"), "PATH", path("path")));
        assertThat(r.out()).startsWith("path -jar");
        assertThat(r.err()).contains("FERRY_JAVA=" + path("nowhere/java") + " is not an executable");
    }

    @Test
    void noJavaAnywhereExits127SayingWhatToSet() throws Exception {
        Result r = run(Map.of("PATH", path("empty")));
        assertThat(r.code()).isEqualTo(127);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("ferry-executor.sh: no java found").contains("FERRY_JAVA").contains("JAVA_HOME");
    }
}
