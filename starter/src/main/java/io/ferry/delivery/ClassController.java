package io.ferry.delivery;

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
 */
@RestController
public class ClassController {

    /** Binary names: dot-separated Java identifiers (ASCII), nested classes with '$'. */
    static final Pattern BINARY_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    static final int MAX_NAME_LENGTH = 512;
    private static final MediaType CLASS_FILE = MediaType.parseMediaType("application/java-vm");

    private final FrameworkToken token;
    private final ClassLoader loader;

    /**
     * @param token  the token executors present
     * @param loader the embedding application's class loader: the classes of its tasks are found through it
     */
    public ClassController(FrameworkToken token, ClassLoader loader) {
        this.token = token;
        this.loader = loader;
    }

    @GetMapping("/ferry/classes/{name:.+}")
    ResponseEntity<byte[]> classFile(@PathVariable String name,
                                     @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth)
            throws IOException {
        if (!token.matchesBearer(auth)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ferry-classes\"").build();
        }
        if (!isServable(name)) {
            return ResponseEntity.badRequest().build();
        }
        try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                return ResponseEntity.notFound().build();
            }
            return ResponseEntity.ok().contentType(CLASS_FILE).body(in.readAllBytes());
        }
    }

    /** A binary class name that may be served; the JDK's own classes are never asked for (executors have them). */
    static boolean isServable(String name) {
        return name.length() <= MAX_NAME_LENGTH && BINARY_NAME.matcher(name).matches()
                && !name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.");
    }
}
