package com.example.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example as it runs: local mode (embedded master and two agents on loopback), real executor JVMs started by
 * the agents, which fetch this application's classes and commons-lang3's from it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WordCountClusterTest {

    /** Covers the executors' cold start on a busy machine. */
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The class that Ferry's executor defines every class it fetches from the application with. */
    private static final String FERRY_LOADER = "io.ferry.executor.AppClassLoader";

    @Autowired
    WordCounter counter;
    @Autowired
    MeterRegistry registry;
    @LocalServerPort
    int port;

    @Test
    void countsInExecutorsThatLoadedTheExampleAndItsLibraryFromThisApplication() throws Exception {
        List<String> texts = List.of("Crème brûlée, crème fraîche.", "The cat and the hat.", "the CAT sat");

        WordCount count = counter.count(texts, 1).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // "creme" twice, "brulee": commons-lang3's stripAccents ran in the task.
        assertThat(count.words()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "creme", 2L, "brulee", 1L, "fraiche", 1L, "the", 3L, "cat", 2L, "and", 1L, "hat", 1L, "sat", 1L));
        assertThat(count.countedBy()).hasSize(texts.size()).allSatisfy(by -> {
            // Another JVM: an executor, not this test's.
            assertThat(by.pid()).isNotEqualTo(ProcessHandle.current().pid());
            // Neither the example's classes nor commons-lang3 are in the executor's jar: both were defined by the
            // loader that fetches classes from the application's class endpoint.
            assertThat(by.codeLoader()).isEqualTo(FERRY_LOADER);
            assertThat(by.libraryLoader()).isEqualTo(FERRY_LOADER);
        });
        // Here, the same report names this JVM's own loaders: the assertions above tell the two apart.
        CountedBy here = CountedBy.here();
        assertThat(here.codeLoader()).isNotEqualTo(FERRY_LOADER);
        assertThat(here.libraryLoader()).isNotEqualTo(FERRY_LOADER);
        // And this application is the one that served them: at least WordCounter (the lambda's class), Words,
        // TextCount, CountedBy and StringUtils. Counted since the context started rather than as a rise during this
        // test: an executor fetches a class once, so a test run earlier in the same context would have taken them.
        assertThat(fetches("served")).isGreaterThanOrEqualTo(5);
        assertThat(fetches("unauthorized")).isZero();
    }

    @Test
    void theEndpointAnswersWithTheMergedCount() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/word-count?minLength=3"))
                .timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[\"to be or not to be\", \"Être ou ne pas être\"]"))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        WordCount count = JsonMapper.builder().build().readValue(response.body(), WordCount.class);
        assertThat(count.words()).containsExactlyInAnyOrderEntriesOf(Map.of("etre", 2L, "not", 1L, "pas", 1L));
        assertThat(count.countedBy()).hasSize(2);
    }

    private double fetches(String outcome) {
        Counter counter = registry.find("ferry.executor.class.fetches").tag("outcome", outcome).counter();
        assertThat(counter).as("the class endpoint's counter, outcome=" + outcome).isNotNull();
        return counter.count();
    }
}
