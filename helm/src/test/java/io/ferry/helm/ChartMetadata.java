package io.ferry.helm;

import static io.ferry.helm.RenderedChart.asMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** What the tests read of the chart's Chart.yaml as it is written. */
record ChartMetadata(String version, String appVersion) {

    static ChartMetadata read() {
        Map<String, Object> chart = load(RenderedChart.chart().resolve("Chart.yaml"));
        return new ChartMetadata(String.valueOf(chart.get("version")), String.valueOf(chart.get("appVersion")));
    }

    private static Map<String, Object> load(Path file) {
        try {
            return asMap(new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file)),
                    file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
