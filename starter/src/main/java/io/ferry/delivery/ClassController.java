package io.ferry.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the app's class files to Ferry's executors, which load the classes they do not ship (lambdas and classes
 * written in the app) from here: {@code GET /ferry/classes/<binary name>} with {@code Authorization: Bearer <token>}.
 *
 * <p>Only class files on the app's class path are served, found by their binary name through the app's class
 * loader: a name is never turned into a file path, so there is nothing to traverse, and it works the same when the
 * app runs as a Spring Boot fat jar (classes in nested jars). Other resources (configuration, keys) are never served.
 *
 * <p>Every answer counts in {@value #FETCHES}, tagged by its outcome: a run of {@code not_found} means executors
 * lack classes the app does not have either, {@code unauthorized} that something holds a stale or wrong token. The
 * class name is not a tag: it would make one time series per class.
 */
@RestController
public class ClassController {

    /** Binary names: dot-separated Java identifiers (ASCII), nested classes with '$'. */
    static final Pattern BINARY_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    static final int MAX_NAME_LENGTH = 512;
    static final String FETCHES = "ferry.executor.class.fetches";
    private static final MediaType CLASS_FILE = MediaType.parseMediaType("application/java-vm");

    private final FrameworkToken token;
    private final ClassLoader loader;
    private final Counter served;
    private final Counter notFound;
    private final Counter unauthorized;
    private final Counter badRequest;

    /**
     * @param token    the token executors present
     * @param loader   the embedding application's class loader: the classes of its tasks are found through it
     * @param registry where the fetches are counted
     */
    public ClassController(FrameworkToken token, ClassLoader loader, MeterRegistry registry) {
        this.token = token;
        this.loader = loader;
        // Registered up front, so that every outcome is exported (at zero) before it first happens.
        this.served = fetches(registry, "served");
        this.notFound = fetches(registry, "not_found");
        this.unauthorized = fetches(registry, "unauthorized");
        this.badRequest = fetches(registry, "bad_request");
    }

    private static Counter fetches(MeterRegistry registry, String outcome) {
        return Counter.builder(FETCHES)
                .description("Class files asked for by Ferry's executors, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    @GetMapping("/ferry/classes/{name:.+}")
    ResponseEntity<byte[]> classFile(@PathVariable String name,
                                     @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth)
            throws IOException {
        if (!token.matchesBearer(auth)) {
            unauthorized.increment();
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ferry-classes\"").build();
        }
        if (!isServable(name)) {
            badRequest.increment();
            return ResponseEntity.badRequest().build();
        }
        try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                notFound.increment();
                return ResponseEntity.notFound().build();
            }
            byte[] bytes = in.readAllBytes();
            served.increment();
            return ResponseEntity.ok().contentType(CLASS_FILE).body(bytes);
        }
    }

    /** A binary class name that may be served; the JDK's own classes are never asked for (executors have them). */
    static boolean isServable(String name) {
        return name.length() <= MAX_NAME_LENGTH && BINARY_NAME.matcher(name).matches()
                && !name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.");
    }
}
