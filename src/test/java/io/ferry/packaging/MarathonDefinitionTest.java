package io.ferry.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code marathon/*.json} are app definitions Marathon accepts (its published {@code AppDefinition} schema), and
 * they say what Ferry needs on Marathon: one instance, never two at once, health on the actuator's probes, no
 * secret in the file.
 */
class MarathonDefinitionTest {

    /**
     * Marathon's schema names its dialect {@code http://json-schema.org/schema#} ("the latest draft", as of when it
     * was written); it is draft-04 in style (boolean {@code exclusiveMinimum}, {@code definitions}). That id is
     * mapped to draft 04 here, so the validator neither guesses nor tries to download a meta-schema. (The validator
     * warns of unknown keywords cpus, mem and disk: the schema lists executorResources' fields without a
     * "properties" around them, so Marathon's schema does not constrain those; nothing here uses them.)
     */
    private static final Dialect MARATHON_DIALECT =
            Dialect.builder("http://json-schema.org/schema#", Dialects.getDraft4()).build();

    @Test
    void everyDefinitionIsValidAgainstMarathonsSchema() throws Exception {
        Schema schema = marathonSchema();
        List<Path> definitions = MarathonDefinitions.all();
        assertThat(definitions).extracting(p -> p.getFileName().toString()).contains("ferry.json");
        for (Path definition : definitions) {
            assertThat(schema.validate(MarathonDefinitions.read(definition)))
                    .as("schema errors of %s", definition).isEmpty();
        }
    }

    /** The schema check can fail: definitions Marathon would refuse are refused here too. */
    @Test
    void definitionsMarathonWouldRefuseAreRefused() throws Exception {
        Schema schema = marathonSchema();
        ObjectNode valid = (ObjectNode) MarathonDefinitions.read(MarathonDefinitions.COMMAND_DEFINITION);

        ObjectNode cpusAsText = valid.deepCopy();
        cpusAsText.put("cpus", "1");
        assertThat(schema.validate(cpusAsText)).extracting(Error::getInstanceLocation).map(Object::toString)
                .contains("/cpus");

        ObjectNode unknownField = valid.deepCopy();
        unknownField.put("cpu", 1);
        assertThat(schema.validate(unknownField)).extracting(Error::getMessage).anyMatch(m -> m.contains("cpu"));

        ObjectNode badPortName = valid.deepCopy();
        ((ObjectNode) badPortName.path("portDefinitions").get(0)).put("name", "HTTP");
        assertThat(schema.validate(badPortName)).isNotEmpty();

        ObjectNode cmdAndArgs = valid.deepCopy();
        cmdAndArgs.putArray("args").add("--server.port=8080");
        assertThat(schema.validate(cmdAndArgs)).as("cmd and args together").isNotEmpty();
    }

    /**
     * What the schema cannot say. One Ferry at a time: an upgrade stops the old one before starting the new one, as
     * two schedulers of one framework would take the framework from each other (README, "On Marathon").
     */
    @Test
    void everyDefinitionRunsOneFerryWithItsProbesAndNoSecrets() throws Exception {
        for (Path path : MarathonDefinitions.all()) {
            JsonNode definition = MarathonDefinitions.read(path);
            String name = path.toString();
            assertThat(definition.path("instances").asInt()).as(name).isEqualTo(1);
            assertThat(definition.path("upgradeStrategy").path("minimumHealthCapacity").isNumber()).as(name).isTrue();
            assertThat(definition.path("upgradeStrategy").path("minimumHealthCapacity").asDouble()).as(name)
                    .isZero();
            assertThat(definition.path("upgradeStrategy").path("maximumOverCapacity").isNumber()).as(name).isTrue();
            assertThat(definition.path("upgradeStrategy").path("maximumOverCapacity").asDouble()).as(name).isZero();
            assertThat(definition.path("portDefinitions")).as(name).hasSize(1);
            assertThat(definition.path("portDefinitions").get(0).path("name").asString()).as(name).isEqualTo("http");

            JsonNode health = definition.path("healthChecks").get(0);
            assertThat(health.path("protocol").asString()).as(name).isEqualTo("MESOS_HTTP");
            assertThat(health.path("path").asString()).as(name).isEqualTo("/actuator/health/liveness");
            assertThat(health.path("portIndex").asInt()).as(name).isZero();
            assertThat(health.path("gracePeriodSeconds").asInt()).as(name).isGreaterThanOrEqualTo(60);
            JsonNode readiness = definition.path("readinessChecks").get(0);
            assertThat(readiness.path("path").asString()).as(name).isEqualTo("/actuator/health/readiness");
            assertThat(readiness.path("portName").asString()).as(name).isEqualTo("http");

            assertThat(MarathonDefinitions.env(definition)).as(name)
                    .containsEntry("FERRY_MESOS_MASTER", "http://leader.mesos:5050")
                    .doesNotContainKeys("FERRY_MESOS_SECRET", "FERRY_SECURITY_PASSWORD", "FERRY_SECURITY_API_TOKEN",
                            "FERRY_EXECUTOR_TOKEN");
        }
    }

    /**
     * Marathon expands nothing in {@code env}; only a shell does, or Spring's placeholders. A definition with a
     * {@code cmd} (run by {@code sh -c}; {@link MarathonCommandIT} runs it) passes the port and the advertised URL
     * on its command line; one without (an image's entrypoint) sets them as placeholders that Spring resolves from
     * the {@code HOST} and {@code PORT0} Mesos sets.
     */
    @Test
    void everyDefinitionServesOnPort0AndAdvertisesHostAndPort0() throws Exception {
        for (Path path : MarathonDefinitions.all()) {
            JsonNode definition = MarathonDefinitions.read(path);
            if (definition.has("cmd")) {
                assertThat(definition.path("cmd").asString()).as(path.toString())
                        .startsWith("exec ")
                        .contains("--server.port=\"$PORT0\"")
                        .contains("--ferry.advertised-url=\"http://$HOST:$PORT0\"");
            } else {
                assertThat(MarathonDefinitions.env(definition)).as(path.toString())
                        .containsEntry("SERVER_PORT", "${PORT0}")
                        .containsEntry("FERRY_ADVERTISED_URL", "http://${HOST}:${PORT0}");
            }
        }
    }

    private static Schema marathonSchema() {
        Path file = MarathonDefinitions.schema();
        assumeTrue(Files.isRegularFile(file), "Marathon's AppDefinition schema is not at " + file + " (../shared is"
                + " not beside this checkout); run with -Dferry.test.shared=<the shared directory> to check the"
                + " definitions against it");
        SchemaRegistry registry = SchemaRegistry.withDialect(MARATHON_DIALECT);
        Schema schema = registry.getSchema(SchemaLocation.of(file.toUri().toString()), MarathonDefinitions.read(file));
        schema.initializeValidators();
        return schema;
    }
}
