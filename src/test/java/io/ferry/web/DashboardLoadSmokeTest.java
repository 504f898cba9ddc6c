package io.ferry.web;

import io.ferry.api.TaskService;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard load test ({@link DashboardLoad}) made small enough for every build: 2,000 no-op tasks first, then
 * 200 a second for 5 s under a headless Chromium's overview, and 3 + 3 throughput runs of 1,000 tasks. It prints
 * the same {@code ferry-load …} lines as the full run ({@link DashboardLoadFullTest}) and asserts only that every
 * task completed with its value and that the page stayed live. ApiTest's properties: one shared context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=" + ApiTest.PASSWORD, "ferry.security.api-token=" + ApiTest.API_TOKEN})
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@ExtendWith(Chromium.Installed.class)
class DashboardLoadSmokeTest {

    @LocalServerPort
    int port;
    @Autowired
    TaskService tasks;
    @Autowired
    MeterRegistry meters;

    @Test
    void theDashboardFollowsNoOpTasksAtAFixedRateAndEveryTaskCompletes() throws Exception {
        try (Chromium chromium = Chromium.start(Path.of("target", "chromedriver-load.log"))) {
            new DashboardLoad(tasks, meters, port, chromium.driver(),
                    new DashboardLoad.Settings(2_000, 200, Duration.ofSeconds(5), 1_000, 256, 3)).run();
        }
    }
}
