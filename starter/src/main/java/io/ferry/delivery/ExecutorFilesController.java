package io.ferry.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the executor's agent jar and its launch script at {@code /executor/}, where the Mesos fetcher downloads
 * them from ({@code CommandInfo.URI}). The build puts both into the starter's jar under
 * {@code META-INF/ferry/executor/}; they are served by this controller rather than left to the static-resource
 * handler so that they are there in any embedding application, whatever it does with its own static resources.
 * Unauthenticated: agents fetch without credentials, and neither file holds a secret.
 */
@RestController
public class ExecutorFilesController {

    static final String LOCATION = "META-INF/ferry/executor/";
    public static final String JAR = "ferry-executor.jar";
    public static final String SCRIPT = "ferry-executor.sh";
    /** Executor files served to agents' fetchers, tagged {@code file} ({@code jar}, {@code script}). */
    public static final String FETCHES = "ferry.executor.file.fetches";

    private static final MediaType JAVA_ARCHIVE = MediaType.parseMediaType("application/java-archive");
    private static final MediaType SHELL_SCRIPT = MediaType.parseMediaType("text/x-shellscript");

    private final Resource jar;
    private final Resource script;
    private final Counter jarFetches;
    private final Counter scriptFetches;

    public ExecutorFilesController(ClassLoader loader, MeterRegistry registry) {
        this.jar = new ClassPathResource(LOCATION + JAR, loader);
        this.script = new ClassPathResource(LOCATION + SCRIPT, loader);
        // An agent fetches both once per executor it starts: a count that races ahead of ferry_executors_launched
        // means executors that fail to start.
        this.jarFetches = fetches(registry, "jar");
        this.scriptFetches = fetches(registry, "script");
    }

    private static Counter fetches(MeterRegistry registry, String file) {
        return Counter.builder(FETCHES).tag("file", file)
                .description("Executor files served to agents' fetchers, by file").register(registry);
    }

    @GetMapping("/executor/" + JAR)
    ResponseEntity<Resource> jar(HttpServletRequest request) {
        return serve(jar, JAVA_ARCHIVE, jarFetches, request);
    }

    @GetMapping("/executor/" + SCRIPT)
    ResponseEntity<Resource> script(HttpServletRequest request) {
        return serve(script, SHELL_SCRIPT, scriptFetches, request);
    }

    private static ResponseEntity<Resource> serve(Resource file, MediaType type, Counter fetches,
            HttpServletRequest request) {
        if (!file.exists()) {
            return ResponseEntity.notFound().build();
        }
        if (!HttpMethod.HEAD.matches(request.getMethod())) {
            fetches.increment(); // fetchers GET; a HEAD is the app's own warm-up (ExecutorFilesWarmUp) or a probe
        }
        // The same build always serves the same bytes; no-cache makes a fetcher revalidate after an upgrade.
        return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noCache()).body(file);
    }
}
