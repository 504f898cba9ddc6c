package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClassFetchMetricsTest {

    private final FrameworkToken token = new FrameworkToken("a-token-of-sixteen-chars");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClassController controller =
            new ClassController(token, ClassFetchMetricsTest.class.getClassLoader(), registry);
    private final String bearer = "Bearer " + token.value();

    @Test
    void everyOutcomeIsExportedBeforeItHappens() {
        assertThat(counts()).isEqualTo(Map.of("served", 0.0, "not_found", 0.0, "unauthorized", 0.0,
                "bad_request", 0.0));
    }

    @Test
    void eachAnswerCountsUnderItsOutcome() throws Exception {
        assertThat(controller.classFile(FrameworkToken.class.getName(), bearer).getStatusCode().value())
                .isEqualTo(200);
        assertThat(controller.classFile(ClassController.class.getName(), bearer).getStatusCode().value())
                .isEqualTo(200);
        assertThat(controller.classFile("com.example.NoSuchClass", bearer).getStatusCode().value())
                .isEqualTo(404);
        assertThat(controller.classFile(FrameworkToken.class.getName(), null).getStatusCode().value())
                .isEqualTo(401);
        assertThat(controller.classFile(FrameworkToken.class.getName(), "Bearer wrong-token-but-long")
                .getStatusCode().value()).isEqualTo(401);
        assertThat(controller.classFile("../application.properties", bearer).getStatusCode().value())
                .isEqualTo(400);

        assertThat(counts()).isEqualTo(Map.of("served", 2.0, "not_found", 1.0, "unauthorized", 2.0,
                "bad_request", 1.0));
    }

    private Map<String, Double> counts() {
        return registry.find(ClassController.FETCHES).counters().stream()
                .collect(Collectors.toMap(c -> c.getId().getTag("outcome"), c -> c.count()));
    }
}
