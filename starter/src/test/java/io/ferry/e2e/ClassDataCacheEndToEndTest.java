package io.ferry.e2e;

import io.ferry.StarterTestApplication;
import io.ferry.api.TaskService;
import io.ferry.delivery.ExecutorJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ferry.executor.cds-dir} through the local cluster, real executor JVMs started by the launch script: the
 * first app's executor writes the class-data archive of the served jar, and the next app's executor starts from it.
 */
class ClassDataCacheEndToEndTest {

    @TempDir
    Path cache;

    private ConfigurableApplicationContext app() {
        return new SpringApplicationBuilder(StarterTestApplication.class).run("--server.port=0",
                "--ferry.local.agents=1", "--ferry.executor.cds-dir=" + cache, "--spring.main.banner-mode=off");
    }

    private static List<String> executorCommandLines() {
        return ProcessHandle.current().descendants()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("ferry-executor")).toList();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theFirstExecutorWritesTheArchiveAndTheNextAppsExecutorStartsFromIt() throws Exception {
        String digest = ExecutorJar.digest(getClass().getClassLoader());
        assertThat(digest).as("the build put the executor jar into the starter").isNotNull().hasSize(24);
        Path archive = cache.resolve("ferry-executor-" + digest + ".jsa");
        Path jar = cache.resolve("ferry-executor-" + digest + ".jar");

        try (ConfigurableApplicationContext first = app()) {
            TaskService tasks = first.getBean(TaskService.class);
            assertThat(tasks.submit(() -> 6 * 7).get(90, TimeUnit.SECONDS)).isEqualTo(42);
            assertThat(jar).as("the jar copied under its digest").exists();
            assertThat(executorCommandLines()).anySatisfy(c -> assertThat(c)
                    .contains("-XX:DumpLoadedClassList=").contains("-Dferry.cds.archive=" + archive)
                    .endsWith("-jar " + jar));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.exists(archive)) {
                assertThat(System.nanoTime()).as("the archive written within 90 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).as("nothing else in the cache")
                    .containsExactly(jar.getFileName().toString(), archive.getFileName().toString());
        }

        try (ConfigurableApplicationContext second = app()) {
            TaskService tasks = second.getBean(TaskService.class);
            assertThat(tasks.submit(() -> 6 * 7).get(90, TimeUnit.SECONDS)).isEqualTo(42);
            assertThat(executorCommandLines()).anySatisfy(c -> assertThat(c)
                    .contains("-XX:SharedArchiveFile=" + archive + " -Xshare:auto").endsWith("-jar " + jar));
        }
    }
}
