package io.ferry.web;

import io.ferry.api.TaskService;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard under load at full size ({@link DashboardLoad}): 100,000 no-op tasks in history
 * ({@code ferry.history.size=100000}), then 1,000 no-op tasks a second (each launched and finished, most also
 * reported running: over 2,000 state changes a second) for 30 s while a headless Chromium holds the overview's event
 * stream open, then 3 + 3 + 3 interleaved throughput runs of 10,000 tasks at window 256: without a client, with a
 * plain reader of the event stream, and with the browser.
 * Some minutes long, so only with {@code -Ddashboard.load=full} (see the README's "Dashboard under load"); the smoke
 * version runs in every build. Its own context (the history's size differs), started only when enabled. (Not
 * {@code ferry.load}: the app refuses an unknown {@code ferry.*} key, a system property included.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096", "ferry.history.size=100000",
        "ferry.security.password=" + ApiTest.PASSWORD, "ferry.security.api-token=" + ApiTest.API_TOKEN})
@Timeout(value = 30, unit = TimeUnit.MINUTES)
@EnabledIfSystemProperty(named = "dashboard.load", matches = "full",
        disabledReason = "the full load test runs with -Ddashboard.load=full (minutes long); the smoke version runs always")
@ExtendWith(Chromium.Installed.class)
class DashboardLoadFullTest {

    @LocalServerPort
    int port;
    @Autowired
    TaskService tasks;
    @Autowired
    MeterRegistry meters;

    @Test
    void aHundredThousandTasksInHistoryAndTwoThousandChangesASecondUnderTheOverview() throws Exception {
        try (Chromium chromium = Chromium.start(Path.of("target", "chromedriver-load.log"))) {
            new DashboardLoad(tasks, meters, port, chromium.driver(),
                    new DashboardLoad.Settings(100_000, 1_000, Duration.ofSeconds(30), 10_000, 256, 3)).run();
        }
    }
}
