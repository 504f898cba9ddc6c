package io.ferry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Ferry app: Ferry's starter (the engine, auto-configured) plus what an operator's application adds — the
 * dashboard, the sample tasks and the JSON API ({@code io.ferry.web}, {@code io.ferry.samples}).
 */
// Scans the app's own packages only: the engine's packages (io.ferry.scheduler, .local, .delivery, …) come from the
// starter's auto-configuration, as in any other application, and scanning them too would register their beans twice.
@SpringBootApplication(scanBasePackages = {"io.ferry.web", "io.ferry.samples"})
public class FerryApplication {
    public static void main(String[] args) {
        SpringApplication.run(FerryApplication.class, args);
    }
}
