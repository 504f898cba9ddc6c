package io.ferry.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.scheduler.TaskPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The recent rows kept from changes alone, against the rows a pass over every task gives, through random changes,
 * changes that go back in time and tasks that leave.
 */
class RecentRowsTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static TaskRow row(String id, long at) {
        return new TaskRow(id, "n", TaskPhase.RUNNING, null, 1, T.plusMillis(at), null);
    }

    @Test
    void keepsTheNewestOfAllAsAPassWould() {
        SplittableRandom random = new SplittableRandom(7);
        RecentRows rows = new RecentRows(5, 7);
        Map<String, TaskRow> all = new HashMap<>();
        rows.rebuild(List.of());
        int passes = 0;
        for (int step = 0; step < 50_000; step++) {
            String id = "t" + random.nextInt(40);
            int what = random.nextInt(10);
            if (what == 0) {
                all.remove(id);
                rows.remove(id);
            } else {
                // Mostly newer than everything, now and then back in time (a change time that went back).
                long at = what == 1 ? random.nextInt(step + 1) : step;
                TaskRow row = row(id, at);
                all.put(id, row);
                rows.put(row);
            }
            if (rows.needsPass()) {
                passes++;
                rows.rebuild(views(all));
            }
            assertThat(rows.shown()).as("step %d", step).isEqualTo(pass(all, 5));
        }
        assertThat(passes).as("a pass now and then, not every step").isBetween(1, 10_000);
        System.out.printf("recent rows: 50,000 changes, %d passes%n", passes);
    }

    @Test
    void keepsEverythingWhileThereIsRoomAndSaysWhenItRanShort() {
        RecentRows rows = new RecentRows(2, 3);
        assertThat(rows.needsPass()).as("nothing known before the first pass").isTrue();
        rows.rebuild(List.of());
        assertThat(rows.needsPass()).isFalse();
        rows.put(row("a", 1));
        rows.put(row("b", 2));
        rows.put(row("c", 3));
        rows.put(row("d", 4));
        assertThat(rows.shown().recent()).extracting(TaskRow::id).containsExactly("d", "c");
        // "a" dropped out; an old change of it cannot come back in: others not kept may be newer.
        rows.put(row("a", 0));
        rows.remove("d");
        rows.remove("c");
        assertThat(rows.needsPass()).as("one kept, two shown, and others may exist").isTrue();
    }

    private static List<io.ferry.scheduler.TaskView> views(Map<String, TaskRow> all) {
        List<io.ferry.scheduler.TaskView> views = new ArrayList<>();
        all.values().forEach(r -> views.add(new io.ferry.scheduler.TaskView(r.id(), r.name(), r.phase(), null, null,
                null, 1, r.changed(), null, null, null, null, null, null, Map.of(), List.of(), 0, null, List.of())));
        return views;
    }

    private static RecentTasks pass(Map<String, TaskRow> all, int shown) {
        List<TaskRow> sorted = new ArrayList<>(all.values());
        sorted.sort(RecentRows.NEWEST_CHANGE_FIRST);
        return new RecentTasks(sorted.subList(0, Math.min(shown, sorted.size())));
    }
}
