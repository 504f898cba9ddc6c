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

    /** The script beside a stand-in jar in a sandbox, as an agent lays them out; {@code env} gets PATH for cp. */
    private Result runInSandbox(Map<String, String> env) throws Exception {
        Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
        Files.copy(SCRIPT, sandbox.resolve("ferry-executor.sh"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(sandbox.resolve("ferry-executor.jar"), "a jar");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", sandbox.resolve("ferry-executor.sh").toString());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    private static final String KEY = "00ff00ff00ff00ff00ff00ff";

    @Test
    void withACacheTheJarIsCopiedUnderItsDigestAndTheFirstJvmListsItsClasses() throws Exception {
        Path cache = dir.resolve("cache");
        Result r = runInSandbox(Map.of("FERRY_JAVA", path("ferry/java"), "PATH", "/usr/bin:/bin",
                "FERRY_CDS_DIR", cache.toString(), "FERRY_EXECUTOR_KEY", KEY));
        Path copy = cache.resolve("ferry-executor-" + KEY + ".jar");
        assertThat(copy).hasContent("a jar");
        Path list = dir.resolve("sandbox").resolve("ferry-executor.classlist");
        assertThat(r.out()).isEqualTo("ferry -XX:DumpLoadedClassList=" + list + " -Dferry.cds.list=" + list
                + " -Dferry.cds.archive=" + cache + "/ferry-executor-" + KEY + ".jsa -jar " + copy);
    }

    @Test
    void withAnArchiveTheJvmMapsItCheckingItsChecksums() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path copy = cache.resolve("ferry-executor-" + KEY + ".jar");
        Files.writeString(copy, "the jar copied before");
        Files.writeString(cache.resolve("ferry-executor-" + KEY + ".jsa"), "an archive");
        Path leftOver = Files.writeString(cache.resolve("ferry-executor-" + KEY + ".jsa.part.123"), "half");
        Result r = runInSandbox(Map.of("FERRY_JAVA", path("ferry/java"), "PATH", "/usr/bin:/bin",
                "FERRY_JAVA_OPTS", "-Xmx64m", "FERRY_CDS_DIR", cache.toString(), "FERRY_EXECUTOR_KEY", KEY));
        assertThat(r.out()).isEqualTo("ferry -Xmx64m -XX:SharedArchiveFile=" + cache + "/ferry-executor-" + KEY
                + ".jsa -Xshare:auto -jar " + copy);
        assertThat(copy).as("an existing copy is kept").hasContent("the jar copied before");
        assertThat(leftOver).as("a partial archive of a killed executor is removed").doesNotExist();
    }

    @Test
    void aCacheThatCannotBeUsedLeavesTheUsualStart() throws Exception {
        String sandboxJar = dir.resolve("sandbox").resolve("ferry-executor.jar").toString();
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        for (Map<String, String> cds : new Map[]{
                Map.of("FERRY_CDS_DIR", "relative/cache", "FERRY_EXECUTOR_KEY", KEY),
                Map.of("FERRY_CDS_DIR", dir.resolve("cache").toString(), "FERRY_EXECUTOR_KEY", "../../etc"),
                Map.of("FERRY_CDS_DIR", dir.resolve("cache").toString()),
                Map.of("FERRY_CDS_DIR", file.toString(), "FERRY_EXECUTOR_KEY", KEY)}) {
            Map<String, String> env = new java.util.HashMap<>(cds);
            env.put("FERRY_JAVA", path("ferry/java"));
            env.put("PATH", "/usr/bin:/bin");
            assertThat(runInSandbox(env).out()).as("%s", cds).isEqualTo("ferry -jar " + sandboxJar);
        }
        // No cp, mkdir or mv on PATH (an agent may pass none): the same.
        assertThat(runInSandbox(Map.of("FERRY_JAVA", path("ferry/java"), "PATH", path("empty"),
                "FERRY_CDS_DIR", dir.resolve("cache2").toString(), "FERRY_EXECUTOR_KEY", KEY)).out())
                .isEqualTo("ferry -jar " + sandboxJar);
    }
}
