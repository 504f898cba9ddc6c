package io.ferry.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.scheduler.TaskPhase;
import io.ferry.scheduler.TaskView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamChangesTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static TaskView task(String id, TaskPhase phase, Integer startedAt, Integer finishedAt) {
        Instant started = startedAt == null ? null : T.plusSeconds(startedAt);
        Instant finished = finishedAt == null ? null : T.plusSeconds(finishedAt);
        return new TaskView(id, "name-" + id, phase, null, "agent-1", "exec-1", 1, T, started, started, finished,
                null, null, null, Map.of(), List.of(), 0, null, List.of());
    }

    private static TaskStream pass(StreamChanges changes, TaskView... views) {
        for (TaskView view : views) {
            changes.see(view);
        }
        return changes.finish();
    }

    @Test
    void sendsTasksThatStartedOrFinishedSinceTheLastPassOnly() {
        StreamChanges changes = new StreamChanges(100, new StreamWindow(100));
        TaskStream first = pass(changes, task("1", TaskPhase.RUNNING, 1, null), task("2", TaskPhase.QUEUED, null, null));
        assertThat(first.bars()).extracting(StreamBar::id).containsExactly("1");
        assertThat(first.bars().get(0).outcome()).isEqualTo("running");
        assertThat(first.bars().get(0).executorId()).isEqualTo("exec-1");
        assertThat(first.bars().get(0).end()).isNull();

        // Nothing moved: no event.
        assertThat(pass(changes, task("1", TaskPhase.RUNNING, 1, null), task("2", TaskPhase.QUEUED, null, null)))
                .isNull();

        TaskStream second = pass(changes, task("1", TaskPhase.FAILED, 1, 3), task("2", TaskPhase.RUNNING, 2, null),
                task("3", TaskPhase.CANCELLED, 1, 2));
        assertThat(second.bars()).extracting(StreamBar::id).containsExactly("1", "3", "2");
        assertThat(second.bars()).extracting(StreamBar::outcome).containsExactly("failed", "killed", "running");
        assertThat(second.bars().get(0).end()).isEqualTo(T.plusSeconds(3));
        assertThat(second.omitted()).isZero();
    }

    @Test
    void keepsTheNewestChangesAndCountsThoseLeftOut() {
        StreamChanges changes = new StreamChanges(2, new StreamWindow(100));
        TaskStream stream = pass(changes, task("a", TaskPhase.SUCCEEDED, 1, 5), task("b", TaskPhase.SUCCEEDED, 1, 9),
                task("c", TaskPhase.RUNNING, 7, null), task("d", TaskPhase.SUCCEEDED, 1, 2));
        assertThat(stream.bars()).extracting(StreamBar::id).containsExactly("b", "c");
        assertThat(stream.omitted()).isEqualTo(2);
        // The count starts again with the next pass.
        assertThat(pass(changes, task("e", TaskPhase.RUNNING, 10, null)).omitted()).isZero();
    }

    @Test
    void followsChangedTasksOneByOneAndForgetsThoseThatLeave() {
        StreamWindow window = new StreamWindow(100);
        StreamChanges changes = new StreamChanges(100, window);
        changes.see(task("1", TaskPhase.RUNNING, 1, null));
        changes.see(task("1", TaskPhase.RUNNING, 1, null));
        assertThat(changes.finish().bars()).as("a task given twice is one change").hasSize(1);
        changes.see(task("2", TaskPhase.RUNNING, 2, null));
        assertThat(changes.finish().bars()).extracting(StreamBar::id).containsExactly("2");
        assertThat(window.bars()).extracting(StreamBar::id).containsExactlyInAnyOrder("1", "2");
        changes.gone("1");
        changes.see(task("2", TaskPhase.QUEUED, null, null)); // queued again for a retry
        assertThat(changes.finish()).as("nothing to draw").isNull();
        assertThat(window.bars()).as("their running bars are gone").isEmpty();
    }

    @Test
    void aPassOverAllFindsWhatChangedAndWhatLeft() {
        StreamWindow window = new StreamWindow(100);
        StreamChanges changes = new StreamChanges(100, window);
        changes.pass(List.of(task("1", TaskPhase.RUNNING, 1, null), task("2", TaskPhase.RUNNING, 2, null)));
        assertThat(changes.finish().bars()).hasSize(2);
        changes.pass(List.of(task("1", TaskPhase.SUCCEEDED, 1, 3)));
        assertThat(changes.finish().bars()).extracting(StreamBar::id).containsExactly("1");
        assertThat(window.bars()).as("2 left the tasks; 1 ended").extracting(StreamBar::id).containsExactly("1");
        changes.see(task("1", TaskPhase.SUCCEEDED, 1, 3));
        assertThat(changes.finish()).as("the pass remembered 1's bar").isNull();
    }
}
