package io.ferry.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for a test, driven through chromedriver: Debian's at {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver} unless the system properties {@code ferry.test.chromium} and
 * {@code ferry.test.chromedriver} name others. Both are given to Selenium, so Selenium Manager looks for and
 * downloads nothing. Each browser has a fresh profile, removed when it is closed.
 */
final class Chromium implements AutoCloseable {

    static final String BROWSER_PROPERTY = "ferry.test.chromium";
    static final String DRIVER_PROPERTY = "ferry.test.chromedriver";
    /** A screenshot shows a page down to here: enough for the dashboard's pages, small enough to keep. */
    static final int MAX_SHOT_HEIGHT = 1600;

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Runs a test class only where Chromium and chromedriver are, else skips it, naming what is missing: as a
     * condition on the class, before its application context starts (an assumption in {@code @BeforeAll} would
     * leave no reason in the build's report).
     */
    static final class Installed implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Path browser = browserPath();
            Path driver = driverPath();
            if (Files.isExecutable(browser) && Files.isExecutable(driver)) {
                return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
            }
            return ConditionEvaluationResult.disabled(
                    "needs Chromium and chromedriver (Debian: apt-get install chromium chromium-driver); missing: "
                            + (Files.isExecutable(browser) ? "" : browser + " (or -D" + BROWSER_PROPERTY + "=…) ")
                            + (Files.isExecutable(driver) ? "" : driver + " (or -D" + DRIVER_PROPERTY + "=…)"));
        }
    }

    /** A new headless browser, its window 1440×900 so that screenshots show a desktop's layout. */
    static Chromium start(Path driverLog) throws IOException {
        Path profile = Files.createTempDirectory("ferry-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browserPath().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1440,900", "--user-data-dir=" + profile);
        Files.createDirectories(driverLog.getParent());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverPath().toFile())
                .usingAnyFreePort()
                .withLogFile(driverLog.toFile())
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            // Bounds on what the driver waits for by itself: a page's load, a script.
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            return new Chromium(driver, profile);
        } catch (RuntimeException e) {
            service.stop();
            delete(profile);
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * Saves the page, as wide as the window and down to {@link #MAX_SHOT_HEIGHT}, as {@code <directory>/<name>.png},
     * through the DevTools protocol's {@code Page.captureScreenshot} beyond the window (a headless window cannot
     * grow past its screen).
     */
    Path screenshot(Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> layout = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        // As wide as the window (what an operator sees across), as tall as the page.
        double width = number(layout, "cssLayoutViewport", "clientWidth");
        double height = Math.min(MAX_SHOT_HEIGHT, number(layout, "cssContentSize", "height"));
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Path target = directory.resolve(name + ".png");
        Files.write(target, Base64.getDecoder().decode((String) shot.get("data")));
        return target;
    }

    private static double number(Map<String, Object> metrics, String object, String field) {
        return ((Number) ((Map<?, ?>) metrics.get(object)).get(field)).doubleValue();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static Path browserPath() {
        return Path.of(System.getProperty(BROWSER_PROPERTY, "/usr/bin/chromium"));
    }

    private static Path driverPath() {
        return Path.of(System.getProperty(DRIVER_PROPERTY, "/usr/bin/chromedriver"));
    }

    /** Best effort: a profile left in the temporary directory must not hide how the test went. */
    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not remove the browser's profile " + directory + ": " + e);
        }
    }
}
