package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskService;
import io.ferry.task.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard under load, through the real local cluster and a real headless Chromium: fills the history with
 * no-op tasks, then submits no-op tasks at a fixed rate while the browser holds the overview's event stream open,
 * and measures what the dashboard costs: {@code /tasks} render times, page weights, the events and bytes the browser
 * is sent, the task stream's draws, the publisher's rounds (and how many looked at every task), and the no-op
 * throughput without a client, with a plain reader of the event stream, and with the browser.
 * Every figure is printed as a {@code ferry-load …} line; only correctness is asserted (every task completes once
 * with its own value; the page stays live and shows the stream), never a timing.
 *
 * <p>Used by {@link DashboardLoadSmokeTest} (small, in every build) and {@link DashboardLoadFullTest} (100,000 tasks
 * in history, with {@code -Ddashboard.load=full}).
 */
final class DashboardLoad {

    /**
     * What a run does.
     *
     * @param history      no-op tasks run first, to fill the history
     * @param rate         no-op tasks submitted per second while the browser watches
     * @param steady       how long they are submitted
     * @param benchTasks   tasks of each throughput run
     * @param benchWindow  the most tasks in flight in a throughput run
     * @param repeats      throughput runs with and without the browser, each, interleaved
     */
    record Settings(int history, int rate, Duration steady, int benchTasks, int benchWindow, int repeats) {
    }

    /** How long a run may wait for its tasks, however loaded the machine. */
    private static final Duration TASKS = Duration.ofMinutes(5);
    private static final Duration PAGE = Duration.ofSeconds(30);
    private static final int RENDERS = 10;

    private final TaskService tasks;
    private final MeterRegistry meters;
    private final TestHttpClient http;
    private final int port;
    private final ChromeDriver browser;
    private final Settings settings;

    DashboardLoad(TaskService tasks, MeterRegistry meters, int port, ChromeDriver browser, Settings settings) {
        this.tasks = tasks;
        this.meters = meters;
        this.http = new TestHttpClient(port);
        this.port = port;
        this.browser = browser;
        this.settings = settings;
    }

    void run() throws Exception {
        print("settings", "history=%d rate_per_s=%d steady_s=%d bench_tasks=%d bench_window=%d repeats=%d cpus=%d",
                settings.history(), settings.rate(), settings.steady().toSeconds(), settings.benchTasks(),
                settings.benchWindow(), settings.repeats(), Runtime.getRuntime().availableProcessors());
        double fill = windowed(settings.history(), settings.benchWindow());
        print("fill", "tasks=%d tasks_per_s=%.0f remembered=%d", settings.history(), fill, tasks.tasks().size());

        browser.get(url("/"));
        awaitLive();
        steady();
        pageWeights();
        throughput();
    }

    /** Submits at a fixed rate while the browser shows the overview; measures what the dashboard costs meanwhile. */
    private void steady() throws Exception {
        Map<String, Double> eventsBefore = eventsSent();
        double bytesBefore = counter("ferry.dashboard.events.data");
        double windowsBefore = counter("ferry.dashboard.stream.windows");
        double overflowsBefore = counter("ferry.dashboard.stream.overflows");
        Timer publish = meters.get("ferry.dashboard.publish").timer();
        long publishCount = publish.count();
        double publishNanos = publish.totalTime(TimeUnit.NANOSECONDS);
        Map<String, Object> drawsBefore = canvasStats();
        double passesBefore = fullPasses();
        js("window.ferryLoadFrames = []; (function frame(t) { window.ferryLoadFrames.push(t);"
                + " if (window.ferryLoadFrames.length < 100000) requestAnimationFrame(frame); })(performance.now());");

        ConcurrentLinkedQueue<Submitted> submitted = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        long end = start + settings.steady().toNanos();
        // Every 10 ms, the tasks due by then: a fixed rate however late a round runs.
        driver.scheduleAtFixedRate(() -> {
            long now = Math.min(System.nanoTime(), end);
            long due = (now - start) * settings.rate() / 1_000_000_000L;
            while (next.get() < due) {
                int n = next.getAndIncrement();
                submitted.add(new Submitted(n, tasks.submit(noop(n))));
            }
        }, 0, 10, TimeUnit.MILLISECONDS);

        // Meanwhile, the tasks pages as an operator would open them: the first page, a state's page, a search.
        Map<String, List<Double>> renders = new TreeMap<>();
        String search = "/tasks?q=" + taskIdPiece();
        for (int i = 0; i < RENDERS && System.nanoTime() < end; i++) {
            render(renders, "first_page", "/tasks");
            render(renders, "filtered_page2", "/tasks?state=succeeded&page=2");
            render(renders, "search", search);
            Thread.sleep(Math.min(500, Math.max(0, (end - System.nanoTime()) / 1_000_000)));
        }
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(200, (end - System.nanoTime()) / 1_000_000)));
        }
        driver.shutdown();
        assertThat(driver.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        double seconds = (System.nanoTime() - start) / 1e9;
        int count = awaitAll(new ArrayList<>(submitted));
        double drained = (System.nanoTime() - start) / 1e9;

        Map<String, Double> eventsAfter = eventsSent();
        Map<String, Object> draws = canvasStats();
        @SuppressWarnings("unchecked")
        List<Number> frames = (List<Number>) js("const f = window.ferryLoadFrames; window.ferryLoadFrames = [];"
                + " return f;");
        print("steady", "tasks=%d submit_s=%.1f done_s=%.1f tasks_per_s=%.0f history=%d", count, seconds, drained,
                count / drained, tasks.tasks().size());
        for (Map.Entry<String, List<Double>> r : renders.entrySet()) {
            double[] ms = r.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            print("tasks-page", "page=%s renders=%d median_ms=%.1f max_ms=%.1f", r.getKey(), ms.length,
                    ms[ms.length / 2], ms[ms.length - 1]);
        }
        StringBuilder byType = new StringBuilder();
        double events = 0;
        for (Map.Entry<String, Double> type : eventsAfter.entrySet()) {
            double n = type.getValue() - eventsBefore.getOrDefault(type.getKey(), 0.0);
            events += n;
            byType.append(String.format(Locale.ROOT, " %s=%.0f", type.getKey(), n));
        }
        double bytes = counter("ferry.dashboard.events.data") - bytesBefore;
        print("events", "clients=%.0f events_per_s=%.1f bytes_per_s=%.0f windows=%.0f overflows=%.0f%s",
                meters.get("ferry.dashboard.clients").gauge().value(), events / seconds, bytes / seconds,
                counter("ferry.dashboard.stream.windows") - windowsBefore,
                counter("ferry.dashboard.stream.overflows") - overflowsBefore, byType);
        long rounds = publish.count() - publishCount;
        print("publisher", "rounds=%d mean_ms=%.1f max_ms=%.1f full_passes=%.0f", rounds,
                rounds == 0 ? 0 : (publish.totalTime(TimeUnit.NANOSECONDS) - publishNanos) / rounds / 1e6,
                publish.max(TimeUnit.MILLISECONDS), fullPasses() - passesBefore);
        double drawCount = number(draws, "draws") - number(drawsBefore, "draws");
        double drawMs = number(draws, "drawMsTotal") - number(drawsBefore, "drawMsTotal");
        print("canvas", "draws=%.0f mean_draw_ms=%.1f max_draw_ms=%.1f%s", drawCount,
                drawCount == 0 ? 0 : drawMs / drawCount, number(draws, "drawMsMax"), frameTimes(frames));

        // Correct, whatever the timings: the page is still live, and its stream shows tasks.
        assertThat(browser.findElement(By.cssSelector("[data-live-status]")).getText()).isEqualTo("live");
        assertThat(streamCaption()).as("the task stream's caption").matches("^[1-9][0-9]* tasks over.*");
        assertThat(eventsAfter.getOrDefault("stream", 0.0) - eventsBefore.getOrDefault("stream", 0.0))
                .as("stream events sent while tasks ran").isPositive();
    }

    /** Bytes of HTML, scripts and styles each page loads (the event stream aside), as the browser counted them. */
    private void pageWeights() {
        for (String path : List.of("/", "/tasks", "/offers")) {
            browser.get(url(path));
            awaitLive();
            @SuppressWarnings("unchecked")
            Map<String, Number> weight = (Map<String, Number>) js(
                    "const nav = performance.getEntriesByType('navigation')[0];"
                    + " const res = performance.getEntriesByType('resource')"
                    + "   .filter(r => /\\.(js|css)(\\?|$)/.test(r.name));"
                    + " const sum = (type) => res.filter(r => r.name.split('?')[0].endsWith(type))"
                    + "   .reduce((a, r) => a + r.decodedBodySize, 0);"
                    + " return {html: nav.decodedBodySize, js: sum('.js'), css: sum('.css'), files: res.length};");
            long html = weight.get("html").longValue();
            long js = weight.get("js").longValue();
            long css = weight.get("css").longValue();
            print("page-weight", "page=%s html_bytes=%d js_bytes=%d css_bytes=%d total_bytes=%d files=%d", path,
                    html, js, css, html + js + css, weight.get("files").intValue() + 1);
        }
    }

    /**
     * The no-op throughput in three configurations, interleaved: no event stream client; a plain client that reads
     * the stream and discards it (the server's own cost of a client); Chromium on the overview (that, and the
     * browser's CPU, parsing and drawing, on the same cores).
     */
    private void throughput() throws Exception {
        List<Double> without = new ArrayList<>();
        List<Double> reader = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        long readBytes = 0;
        for (int r = 0; r < settings.repeats(); r++) {
            browser.get("about:blank");
            awaitClients(0);
            without.add(windowed(settings.benchTasks(), settings.benchWindow()));
            try (EventStreamDrain drain = EventStreamDrain.open(URI.create(url("/api/events")))) {
                awaitClients(1);
                reader.add(windowed(settings.benchTasks(), settings.benchWindow()));
                readBytes += drain.bytes();
            }
            awaitClients(0);
            browser.get(url("/"));
            awaitLive();
            awaitClients(1);
            with.add(windowed(settings.benchTasks(), settings.benchWindow()));
        }
        assertThat(readBytes).as("the plain client read the stream").isPositive();
        print("throughput", "tasks=%d window=%d without_client_tasks_per_s=%s plain_reader_tasks_per_s=%s"
                        + " with_browser_tasks_per_s=%s median_without=%.0f median_reader=%.0f median_with=%.0f"
                        + " reader_bytes=%d", settings.benchTasks(), settings.benchWindow(), rates(without),
                rates(reader), rates(with), median(without), median(reader), median(with), readBytes);
    }

    /** Runs n no-op tasks with at most {@code window} in flight; tasks per second from first submit to last result. */
    private double windowed(int n, int window) throws Exception {
        Semaphore room = new Semaphore(window);
        List<Submitted> all = new ArrayList<>(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertThat(room.tryAcquire(TASKS.toMillis(), TimeUnit.MILLISECONDS)).as("room in the window").isTrue();
            CompletableFuture<Integer> future = tasks.submit(noop(i));
            future.whenComplete((v, e) -> room.release());
            all.add(new Submitted(i, future));
        }
        awaitAll(all);
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** Waits for every task (bounded) and checks that each completed with its own value. */
    private static int awaitAll(List<Submitted> all) throws Exception {
        long deadline = System.nanoTime() + TASKS.toNanos();
        for (Submitted s : all) {
            long left = Math.max(1, deadline - System.nanoTime());
            assertThat(s.future().get(left, TimeUnit.NANOSECONDS)).as("task %d's result", s.n()).isEqualTo(s.n());
        }
        return all.size();
    }

    /** A no-op task: returns the number it was given, so that every result can be checked. */
    private static Task<Integer> noop(int n) {
        return () -> n;
    }

    private record Submitted(int n, CompletableFuture<Integer> future) {
    }

    private void render(Map<String, List<Double>> renders, String name, String path) throws Exception {
        long start = System.nanoTime();
        var page = http.get(path);
        double ms = (System.nanoTime() - start) / 1e6;
        assertThat(page.statusCode()).as(path).isEqualTo(200);
        renders.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
    }

    /** A piece of a task id that matches one task of the history or a few: the search an operator would type. */
    private String taskIdPiece() {
        String id = tasks.tasks().get(0).id();
        return id.substring(Math.max(0, id.length() - 6));
    }

    private Map<String, Double> eventsSent() {
        Map<String, Double> sent = new TreeMap<>();
        for (Counter c : meters.find("ferry.dashboard.events.sent").counters()) {
            sent.put(c.getId().getTag("type"), c.count());
        }
        return sent;
    }

    /** Publishing rounds that looked at every task (the first, and any after the scheduler's feed overflowed). */
    private double fullPasses() {
        return meters.find("ferry.dashboard.publish.passes").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }

    private Map<String, Object> canvasStats() {
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) js(
                "const c = document.querySelector('[data-chart=\"stream\"] canvas');"
                + " return c ? {draws: c.dataset.draws || '0', drawMsTotal: c.dataset.drawMsTotal || '0',"
                + " drawMsMax: c.dataset.drawMsMax || '0'} : {draws: '0', drawMsTotal: '0', drawMsMax: '0'};");
        return stats;
    }

    private static double number(Map<String, Object> stats, String key) {
        return Double.parseDouble(String.valueOf(stats.get(key)));
    }

    /** The intervals between animation frames: how smoothly the page ran while the canvas drew. */
    private static String frameTimes(List<Number> frames) {
        if (frames == null || frames.size() < 2) {
            return " frames=0";
        }
        double[] gaps = new double[frames.size() - 1];
        for (int i = 1; i < frames.size(); i++) {
            gaps[i - 1] = frames.get(i).doubleValue() - frames.get(i - 1).doubleValue();
        }
        Arrays.sort(gaps);
        return String.format(Locale.ROOT, " frames=%d frame_p50_ms=%.1f frame_p99_ms=%.1f frame_max_ms=%.1f",
                frames.size(), gaps[gaps.length / 2], gaps[(int) Math.min(gaps.length - 1, gaps.length * 0.99)],
                gaps[gaps.length - 1]);
    }

    private String streamCaption() {
        return browser.findElement(By.cssSelector("[data-chart='stream'] .stream-note")).getText();
    }

    private void awaitLive() {
        WebDriverWait wait = new WebDriverWait(browser, PAGE, Duration.ofMillis(100));
        wait.withMessage(() -> "the page at " + browser.getCurrentUrl() + " live within " + PAGE.toSeconds() + " s");
        wait.until((WebDriver b) -> !b.findElements(By.cssSelector("[data-live-status='live']")).isEmpty());
    }

    /** Waits (bounded) until the server counts this many event stream clients. */
    private void awaitClients(int n) throws InterruptedException {
        long deadline = System.nanoTime() + PAGE.toNanos();
        while (meters.get("ferry.dashboard.clients").gauge().value() != n) {
            assertThat(System.nanoTime()).as("%d event stream clients within %d s", n, PAGE.toSeconds())
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private Object js(String script) {
        return browser.executeScript(script);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String rates(List<Double> rates) {
        return String.join(",", rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void print(String what, String format, Object... args) {
        System.out.println("ferry-load " + what + " " + String.format(Locale.ROOT, format, args));
    }
}
