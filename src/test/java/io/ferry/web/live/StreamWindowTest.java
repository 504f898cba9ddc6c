package io.ferry.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamWindowTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static StreamBar running(String id, int start) {
        return new StreamBar(id, "n", "exec-1", "agent-1", T.plusSeconds(start), null, "running");
    }

    private static StreamBar ended(String id, int start, int end) {
        return new StreamBar(id, "n", "exec-1", "agent-1", T.plusSeconds(start), T.plusSeconds(end), "succeeded");
    }

    @Test
    void keepsRunningBarsUntilTheyEndThenTheEndedOnesNewestFirst() {
        StreamWindow window = new StreamWindow(10);
        window.put(running("a", 1));
        window.put(running("b", 2));
        window.put(ended("a", 1, 3));
        window.put(ended("c", 2, 4));

        assertThat(window.bars()).containsExactly(running("b", 2), ended("c", 2, 4), ended("a", 1, 3));
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.dropped()).isZero();
    }

    @Test
    void isBoundedDroppingTheOldestEndedBarsAndCountingThem() {
        StreamWindow window = new StreamWindow(3);
        for (int i = 1; i <= 5; i++) {
            window.put(ended("t" + i, i, i + 1));
        }

        assertThat(window.bars()).extracting(StreamBar::id).containsExactly("t5", "t4", "t3");
        assertThat(window.dropped()).isEqualTo(2);
    }

    @Test
    void boundsRunningBarsToo() {
        StreamWindow window = new StreamWindow(2);
        window.put(running("a", 1));
        window.put(running("b", 2));
        window.put(running("c", 3));

        assertThat(window.bars()).extracting(StreamBar::id).containsExactly("b", "c");
        assertThat(window.dropped()).isEqualTo(1);
    }

    @Test
    void dropsWhatEndedBeforeTheLastFiveMinutes() {
        StreamWindow window = new StreamWindow(10);
        window.put(ended("old", 0, 10));
        window.put(ended("new", 0, 100));
        window.put(running("long", 0));

        window.trim(T.plusSeconds(10).plus(StreamWindow.SPAN).plusMillis(1));

        assertThat(window.bars()).extracting(StreamBar::id).containsExactly("long", "new");
        assertThat(window.dropped()).as("time, not room: not counted").isZero();
    }

    @Test
    void forgetsRunningBarsOfTasksNoLongerThere() {
        StreamWindow window = new StreamWindow(10);
        window.put(running("kept", 1));
        window.put(running("gone", 1));

        window.keepRunningOf(Set.of("kept", "other"));

        assertThat(window.bars()).extracting(StreamBar::id).containsExactly("kept");
    }

    @Test
    void getsEveryChangeEvenThoseAnEventLeavesOut() {
        StreamWindow window = new StreamWindow(100);
        StreamChanges changes = new StreamChanges(1, window);
        changes.see(StreamChangesTest.task("x", io.ferry.scheduler.TaskPhase.SUCCEEDED, 1, 2));
        changes.see(StreamChangesTest.task("y", io.ferry.scheduler.TaskPhase.SUCCEEDED, 1, 3));
        TaskStream event = changes.finish();

        assertThat(event.bars()).extracting(StreamBar::id).containsExactly("y");
        assertThat(event.omitted()).isEqualTo(1);
        assertThat(event.seq()).isEqualTo(1);
        assertThat(window.bars()).extracting(StreamBar::id).containsExactlyInAnyOrder("x", "y");
        assertThat(TaskStream.window(changes.seq(), window))
                .satisfies(w -> assertThat(w.window()).isTrue())
                .satisfies(w -> assertThat(w.seq()).isEqualTo(1));
        // A pass without changes sends nothing and keeps the number.
        assertThat(changes.finish()).isNull();
        assertThat(changes.seq()).isEqualTo(1);
    }
}
