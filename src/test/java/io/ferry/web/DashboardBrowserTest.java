package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's dashboard in a real headless Chromium, against the app and its local cluster (ApiTest's
 * properties exactly, so that this shares ApiTest's application context and starts no cluster of its own): log in
 * through the form, launch ten hello samples from the overview's form and watch their batch reach 10 of 10 without
 * the page reloading, read task 3's output ({@code hi3}) on its page and the {@code hi} lines in its executor's
 * stdout, and follow a sleep task's log while it prints. A screenshot of every page lands in
 * {@code target/screenshots/}. Skipped, saying what is missing, without Chromium or chromedriver.
 *
 * <p>Every wait is bounded and waits for what it needs to see (polling the page every 100 ms), never for a time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.security.password=" + ApiTest.PASSWORD, "ferry.security.api-token=" + ApiTest.API_TOKEN})
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(Chromium.Installed.class)
class DashboardBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** What a task may take to get going and finish on the local cluster, however loaded the machine. */
    private static final Duration TASKS = Duration.ofSeconds(90);
    /** What a page may take to show what it shows at once (a load, a redirect, a script's first read). */
    private static final Duration PAGE = Duration.ofSeconds(30);
    /**
     * Memory each of two sleep tasks asks for so that, with the executor (256 MiB), an agent of 4096 MiB has less
     * than a hello task's 32 MiB left: the hello batch waits for them, so that its page is seen moving.
     */
    private static final int BLOCKING_MEM = 3820;
    private static final Pattern BATCH_URL = Pattern.compile("/tasks\\?batch=(b\\d+)$");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private Chromium chromium;
    private ChromeDriver browser;
    private TestHttpClient http;
    private final List<String> toKill = new ArrayList<>();

    @BeforeEach
    void openBrowser() throws Exception {
        http = new TestHttpClient(port);
        chromium = Chromium.start(Path.of("target", "chromedriver.log"));
        browser = chromium.driver();
    }

    @AfterEach
    void closeBrowser() throws Exception {
        try {
            for (String id : toKill) {
                http.delete("/api/tasks/" + id, "Authorization", TestHttpClient.bearer(ApiTest.API_TOKEN));
            }
        } finally {
            if (chromium != null) {
                chromium.close();
            }
        }
    }

    @Test
    void anOperatorLaunchesABatchWatchesItFinishReadsItsOutputAndFollowsALog() throws Exception {
        // Other tests of this context may have left tasks running; the hello batch must find the agents idle.
        awaitNoActiveTasks();
        logIn();

        // Two sleep tasks fill the agents' memory for a while, so that the hello batch is queued when its page
        // opens: its progress can then only reach 10 of 10 through the page's script.
        String blockers = launch("sleep", 2, "15", BLOCKING_MEM);
        await(TASKS, "both memory-filling sleep tasks running (batch " + blockers + ")",
                b -> text(By.cssSelector("[data-live='batch.running']")).equals("2"));

        browser.get(url("/"));
        String batch = launch("hello", 10, null, null);
        markPage();
        assertThat(Integer.parseInt(text(By.cssSelector("[data-live='batch.finished']"))))
                .as("hello tasks finished when their page opened (the agents were full)").isLessThan(10);
        await(TASKS, "batch " + batch + " at 10 of 10",
                b -> text(By.cssSelector("[data-live='batch.done']")).equals("10")
                        && text(By.cssSelector("[data-live='batch.finished']")).equals("10"));
        assertNotReloaded();
        assertThat(text(By.id("batch-live"))).isEqualTo("finished");
        await(PAGE, "ten SUCCEEDED rows", b -> browser.findElements(
                By.cssSelector("#task-list tbody td.state-SUCCEEDED")).size() == 10);
        assertThat(browser.findElement(By.cssSelector(".progress [data-bar='done']")).getAttribute("style"))
                .contains("width: 100");
        screenshot("tasks");

        // Task 3 of the batch (the fourth launched) printed hi3: its page shows exactly that as its stdout.
        String three = batchIds(batch).get(3);
        browser.findElement(By.linkText(three)).click();
        await(PAGE, "task " + three + "'s page", b -> b.getCurrentUrl().endsWith("/tasks/" + three));
        await(PAGE, "task " + three + "'s stdout", b -> !b.findElements(By.id("task-stdout")).isEmpty());
        assertThat(text(By.id("task-stdout"))).isEqualTo("hi3");
        screenshot("task-detail");

        // Its executor's stdout has every line its tasks printed, hi3 among them.
        browser.findElement(By.cssSelector("#about a[href*='/executors/']")).click();
        await(PAGE, "the executor's log", b -> !b.findElements(By.id("log")).isEmpty());
        assertThat(text(By.id("log"))).containsPattern("(?m)^hi3$");
        ((JavascriptExecutor) browser).executeScript(
                "const log = document.getElementById('log'); log.scrollTop = log.scrollHeight;");
        screenshot("executor-log");

        browser.get(url("/offers"));
        screenshot("offers");
        browser.get(url("/executors"));
        screenshot("executors");

        // A sleep task prints a line every 200 ms: its executor's log, followed, grows on the page by itself.
        browser.get(url("/"));
        String sleeper = launch("sleep", 1, "30", null);
        String sleepTask = batchIds(sleeper).get(0);
        toKill.add(sleepTask);
        await(TASKS, "the sleep task running", b -> text(By.cssSelector("[data-live='batch.running']")).equals("1"));
        // The batch page redraws its rows while the task runs: a row found may be replaced before the click, and
        // the wait tries again (it ignores a stale element).
        await(PAGE, "a click on the sleep task's link", b -> {
            b.findElement(By.linkText(sleepTask)).click();
            return true;
        });
        await(PAGE, "the sleep task's page", b -> b.getCurrentUrl().endsWith("/tasks/" + sleepTask));
        browser.findElement(By.cssSelector("#about a[href*='/executors/']")).click();
        await(PAGE, "the executor's log with the follow button",
                b -> !b.findElements(By.cssSelector("#log-follow:not([hidden])")).isEmpty());
        markPage();
        int before = sleepingLines();
        browser.findElement(By.id("log-follow")).click();
        await(PAGE, "five more lines of the sleep task in the followed log", b -> sleepingLines() >= before + 5);
        assertNotReloaded();

        // The overview last, with the tasks run and the one running.
        browser.get(url("/"));
        await(PAGE, "the overview's live figures", b -> text(By.cssSelector("[data-live-status]")).equals("live"));
        // The tasks of the last minutes, from the server's window: the batch's ten and the sleep tasks at least.
        await(PAGE, "the task stream with the tasks run so far", b -> streamTasks() >= 13);
        screenshot("overview");
    }

    /**
     * The live parts that follow the cluster without a reload: the overview's task stream opens with the tasks that
     * ran before the page did (the server's window), and its recent tasks gain a task launched after it opened (its
     * offers held as many rows as its heading counts); the tasks table gains the row of a task launched after it
     * opened; the offers page's decisions gain the offer that task went into.
     */
    @Test
    void theTaskStreamTasksAndOffersPagesFollowTheClusterWithoutReloading() throws Exception {
        awaitNoActiveTasks();
        List<String> before = launchByApi(6);
        awaitNoActiveTasks();

        browser.get(url("/"));
        await(PAGE, "the task stream with the 6 tasks that ran before the page opened",
                b -> streamTasks() >= before.size());
        await(PAGE, "the overview's live status", b -> text(By.cssSelector("[data-live-status]")).equals("live"));
        markPage();
        String onOverview = launchByApi(1).get(0);
        await(TASKS, "task " + onOverview + " SUCCEEDED among the overview's recent tasks", b -> b.findElements(
                By.cssSelector("#tasks tbody tr")).stream().anyMatch(row -> row.getText().startsWith(onOverview + " ")
                && row.getText().contains("SUCCEEDED")));
        await(PAGE, "as many rows under 'Offers held' as its heading counts", b -> String.valueOf(
                b.findElements(By.cssSelector("#held-offers tbody tr")).size()).equals(
                text(By.cssSelector("#held-offers h2 [data-live]"))));
        assertNotReloaded();

        browser.get(url("/tasks"));
        await(PAGE, "the tasks page's live status", b -> text(By.cssSelector("[data-live-status]")).equals("live"));
        markPage();
        String later = launchByApi(1).get(0);
        await(TASKS, "a row for task " + later + ", launched after the page opened",
                b -> !b.findElements(By.cssSelector("#task-list tbody tr[data-id='" + later + "']")).isEmpty());
        await(TASKS, "task " + later + " SUCCEEDED in its row", b -> text(
                By.cssSelector("#task-list tbody tr[data-id='" + later + "'] td:nth-child(3)")).equals("SUCCEEDED"));
        assertNotReloaded();

        browser.get(url("/offers"));
        await(PAGE, "the offers page's live status", b -> text(By.cssSelector("[data-live-status]")).equals("live"));
        markPage();
        int decided = browser.findElements(By.cssSelector("#offer-decisions tbody tr")).size();
        String last = launchByApi(1).get(0);
        await(TASKS, "the decision that launched task " + last + " on the offers page",
                b -> !b.findElements(By.cssSelector("#offer-decisions tbody a[href$='/tasks/" + last + "']"))
                        .isEmpty());
        assertThat(browser.findElements(By.cssSelector("#offer-decisions tbody tr")).size())
                .as("decisions shown (the page keeps the last 300)").isGreaterThanOrEqualTo(Math.min(decided, 299));
        assertNotReloaded();
        screenshot("offers-live");
    }

    /** "N tasks over the last 5 minutes, …": the task stream's caption, under its canvas. */
    private int streamTasks() {
        List<WebElement> note = browser.findElements(By.cssSelector("[data-chart='stream'] .stream-note"));
        Matcher n = Pattern.compile("^(\\d+) tasks").matcher(note.isEmpty() ? "" : note.get(0).getText());
        return n.find() ? Integer.parseInt(n.group(1)) : -1;
    }

    /** Launches hello tasks through the JSON API (not the page under test); their ids. */
    private List<String> launchByApi(int count) throws Exception {
        var launched = http.postJson("/api/samples", "{\"kind\":\"hello\",\"count\":" + count + "}",
                "Authorization", TestHttpClient.bearer(ApiTest.API_TOKEN));
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        JSON.readTree(launched.body()).path("ids").forEach(id -> ids.add(id.asString()));
        return ids;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void logIn() {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys("operator");
        WebElement password = browser.findElement(By.id("password"));
        password.sendKeys(ApiTest.PASSWORD);
        password.submit();
        await(PAGE, "the overview after logging in", b -> b.getCurrentUrl().equals(url("/"))
                && !b.findElements(By.id("sample-form")).isEmpty());
    }

    /**
     * Fills the overview's launch form and submits it; returns the batch whose page it leads to. Null leaves a
     * field as the form has it.
     */
    private String launch(String kind, int count, String seconds, Integer mem) {
        new Select(browser.findElement(By.id("kind"))).selectByValue(kind);
        type(By.id("count"), Integer.toString(count));
        if (seconds != null) {
            type(By.id("seconds"), seconds);
        }
        if (mem != null) {
            type(By.id("mem"), mem.toString());
        }
        browser.findElement(By.cssSelector("#sample-form button[type=submit]")).click();
        await(PAGE, "the page of the " + kind + " batch", b -> BATCH_URL.matcher(b.getCurrentUrl()).find()
                && !b.findElements(By.id("batch-progress")).isEmpty());
        Matcher batch = BATCH_URL.matcher(browser.getCurrentUrl());
        assertThat(batch.find()).isTrue();
        return batch.group(1);
    }

    private void type(By field, String value) {
        WebElement input = browser.findElement(field);
        input.clear();
        input.sendKeys(value);
    }

    /** The batch's task ids in launch order, from the JSON API (what the page links are named by). */
    private List<String> batchIds(String batch) throws Exception {
        JsonNode progress = JSON.readTree(http.get("/api/batches/" + batch).body());
        List<String> ids = new ArrayList<>();
        progress.path("ids").forEach(id -> ids.add(id.asString()));
        return ids;
    }

    private void awaitNoActiveTasks() throws Exception {
        long deadline = System.nanoTime() + TASKS.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.get("/api/tasks?state=active&size=1").body();
            if (JSON.readTree(body).path("total").asInt(-1) == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("tasks of other tests still active after " + TASKS.toSeconds() + " s: " + body);
    }

    /** Leaves a mark on the window: a page that reloads or navigates loses it. */
    private void markPage() {
        ((JavascriptExecutor) browser).executeScript("window.ferryTestMark = 'not reloaded';");
    }

    private void assertNotReloaded() {
        assertThat(((JavascriptExecutor) browser).executeScript("return window.ferryTestMark;"))
                .as("the mark left on the page (gone if it reloaded)").isEqualTo("not reloaded");
    }

    private int sleepingLines() {
        return (int) text(By.id("log")).lines().filter(line -> line.startsWith("sleeping: ")).count();
    }

    private String text(By element) {
        return browser.findElement(element).getText();
    }

    private void await(Duration limit, String what, Function<WebDriver, Boolean> condition) {
        WebDriverWait wait = new WebDriverWait(browser, limit, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        wait.withMessage(() -> what + " within " + limit.toSeconds() + " s; the page at " + browser.getCurrentUrl()
                + " says: " + browser.findElement(By.tagName("body")).getText());
        wait.until(condition::apply);
    }

    private void screenshot(String name) throws Exception {
        chromium.screenshot(SCREENSHOTS, name);
    }
}
