package io.ferry.helm;

import static io.ferry.helm.RenderedChart.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart speaks the app's configuration: every FERRY_* variable it sets binds to a property of the app's jar
 * (the app checks misspelt keys everywhere but in the environment, so a wrong name here would be ignored without a
 * word), and the chart's defaults are the app's, so installing with the chart changes nothing it does not mean to.
 */
class ChartMatchesTheAppTest {

    private static final Path JAR = Path.of(System.getProperty("ferry.helm.root", "..")).toAbsolutePath()
            .resolve("target/ferry.jar");

    private static AppProperties app;

    @BeforeAll
    static void readTheJar() {
        assumeTrue(Files.isRegularFile(JAR), "no " + JAR + " to read the properties of: build the app first "
                + "(./mvnw verify builds it before this module)");
        app = AppProperties.of(JAR);
    }

    @Test
    void everyFerryVariableBindsToAProperty() {
        for (RenderedChart chart : List.of(RenderedChart.renderDefaults(), RenderedChart.render(
                c -> c.withValuesFile(RenderedChart.resource("values-production.yaml"))))) {
            List<String> names = list(chart.container(), "env").stream()
                    .map(e -> (String) RenderedChart.asMap(e, "an env entry").get("name"))
                    .filter(n -> n.startsWith("FERRY_")).toList();
            assertThat(names).hasSizeGreaterThan(10);
            assertThat(names).allSatisfy(name -> assertThat(app.bindsEnv(name))
                    .as("%s binds to a ferry.* property of the app", name).isTrue());
        }
    }

    @Test
    void defaultsAreTheApps() {
        RenderedChart chart = RenderedChart.renderDefaults();
        Map<String, String> chartToApp = Map.of(
                "FERRY_MESOS_FRAMEWORKNAME", "ferry.mesos.framework-name",
                "FERRY_MESOS_ROLE", "ferry.mesos.role",
                "FERRY_MESOS_FAILOVERTIMEOUT", "ferry.mesos.failover-timeout",
                "FERRY_EXECUTOR_CPUS", "ferry.executor.cpus",
                "FERRY_EXECUTOR_MEMMB", "ferry.executor.mem-mb",
                "FERRY_TASK_CPUS", "ferry.task.cpus",
                "FERRY_TASK_MEMMB", "ferry.task.mem-mb",
                "FERRY_TASK_TIMEOUT", "ferry.task.timeout",
                "FERRY_TASK_MAXRETRIES", "ferry.task.max-retries",
                "FERRY_SECURITY_USERNAME", "ferry.security.username");
        chartToApp.forEach((env, property) -> {
            assertThat(app.defaults()).as("the app's properties").containsKey(property);
            assertThat(chart.envValue(env)).as("%s against %s", env, property)
                    .isEqualTo(String.valueOf(app.defaults().get(property)));
        });
        assertThat(chart.envValue("FERRY_SECURITY_READREQUIRESLOGIN"))
                .isEqualTo(String.valueOf(app.defaults().get("ferry.security.read-requires-login")));
    }
}
