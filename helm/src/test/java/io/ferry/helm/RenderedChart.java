package io.ferry.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The manifests {@code helm template} renders from the chart, parsed: one map per Kubernetes object, and small
 * accessors for the objects and paths the tests look at. A path that is not there fails the test naming it, rather
 * than a null further on.
 */
record RenderedChart(String text, List<Map<String, Object>> objects) {

    static final String RELEASE = "prod";
    static final String NAMESPACE = "batch";
    static final String MASTER = "http://mesos-master.example.internal:5050";

    /** The chart's directory: the build passes it; from an IDE the module's directory is the working directory. */
    static Path chart() {
        return Path.of(System.getProperty("ferry.helm.chart", "ferry")).toAbsolutePath();
    }

    /** Renders the chart as release {@link #RELEASE} in {@link #NAMESPACE}, with what {@code options} adds. */
    static RenderedChart render(UnaryOperator<TemplateCommand> options) {
        SecretLookupApi.start();
        TemplateCommand command = new Helm(chart()).template().withName(RELEASE).withNamespace(NAMESPACE);
        return parse(options.apply(command).call());
    }

    /** The default values plus the one that has no default, the master. */
    static RenderedChart renderDefaults() {
        return render(c -> c.set("mesos.master", MASTER));
    }

    static RenderedChart parse(String text) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : yaml.loadAll(text)) {
            if (document != null) {
                objects.add(asMap(document, "a rendered document"));
            }
        }
        return new RenderedChart(text, List.copyOf(objects));
    }

    Optional<Map<String, Object>> find(String kind) {
        List<Map<String, Object>> found = objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        assertThat(found).as("objects of kind %s", kind).hasSizeLessThanOrEqualTo(1);
        return found.stream().findFirst();
    }

    Map<String, Object> get(String kind) {
        return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " rendered; kinds: " + kinds()));
    }

    List<String> kinds() {
        return objects.stream().map(o -> String.valueOf(o.get("kind"))).sorted().toList();
    }

    /** The Deployment's only container. */
    Map<String, Object> container() {
        List<Object> containers = list(get("Deployment"), "spec.template.spec.containers");
        assertThat(containers).hasSize(1);
        return asMap(containers.get(0), "the container");
    }

    /** The container's environment variable {@code name}: its map ({@code value} or {@code valueFrom}). */
    Optional<Map<String, Object>> env(String name) {
        return list(container(), "env").stream().map(e -> asMap(e, "an env entry"))
                .filter(e -> name.equals(e.get("name"))).findFirst();
    }

    String envValue(String name) {
        return env(name).map(e -> (String) e.get("value"))
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + list(container(), "env")));
    }

    /** The value at a dotted path of maps, e.g. {@code spec.template.spec.securityContext.runAsUser}. */
    static Object at(Map<String, Object> object, String path) {
        Object current = object;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new AssertionError("no " + path + " (stopped at " + key + ") in " + object);
            }
            current = map.get(key);
        }
        return current;
    }

    static Map<String, Object> map(Map<String, Object> object, String path) {
        return asMap(at(object, path), path);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> object, String path) {
        Object value = at(object, path);
        assertThat(value).as(path).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String what) {
        assertThat(value).as(what).isInstanceOf(Map.class);
        return (Map<String, Object>) Objects.requireNonNull(value);
    }

    /** A file of the test resources, as a path Helm reads. */
    static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(RenderedChart.class.getResource("/" + name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
