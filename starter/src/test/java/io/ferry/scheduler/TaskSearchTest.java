package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferry.task.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Queries over the registry's published views: filters, counts per phase, order and slices. */
class TaskSearchTest {

    private final TaskRegistry registry = new TaskRegistry(1000);
    private final Instant start = Instant.parse("2025-01-01T00:00:00Z");

    private TaskRecord task(int n, String name, Map<String, String> labels, TaskPhase... moves) {
        TaskRecord r = new TaskRecord("t-" + n, new TaskOptions(0.1, 32, Duration.ofMinutes(1), 2, name, labels),
                ByteString.copyFromUtf8("x"), new CompletableFuture<>(), start.plusSeconds(n));
        registry.add(r);
        for (TaskPhase phase : moves) {
            if (phase == TaskPhase.LAUNCHED) {
                r.attempts++;
                registry.attemptLaunched(r, r.mesosIdFor(r.attempts));
            }
            registry.moveTo(r, phase, start.plusSeconds(n + 1));
        }
        return r;
    }

    private TaskMatches find(Set<TaskPhase> phases, String text, int offset, int limit) {
        return TaskSearch.find(registry.views().values(), new TaskQuery(phases, text, null, null, offset, limit));
    }

    @Test
    void unfinishedComeFirstThenNewestFirstAndASliceIsCut() {
        for (int n = 1; n <= 12; n++) {
            task(n, "job", Map.of(), TaskPhase.LAUNCHED, TaskPhase.RUNNING, TaskPhase.SUCCEEDED);
        }
        task(0, "job", Map.of(), TaskPhase.LAUNCHED, TaskPhase.RUNNING); // the oldest, but still running
        task(13, "job", Map.of()); // queued

        TaskMatches first = find(Set.of(), null, 0, 5);
        assertThat(first.total()).isEqualTo(14);
        assertThat(first.items()).extracting(TaskView::id).containsExactly("t-13", "t-0", "t-12", "t-11", "t-10");
        assertThat(find(Set.of(), null, 10, 5).items()).extracting(TaskView::id)
                .containsExactly("t-4", "t-3", "t-2", "t-1");
        assertThat(find(Set.of(), null, 20, 5).items()).isEmpty();
        assertThat(find(Set.of(), null, 0, 0).items()).isEmpty();
        assertThat(find(Set.of(), null, 0, 0).total()).isEqualTo(14);
    }

    @Test
    void phasesFilterTheSliceAndEveryPhaseIsCounted() {
        task(1, "a", Map.of(), TaskPhase.LAUNCHED, TaskPhase.RUNNING, TaskPhase.SUCCEEDED);
        task(2, "b", Map.of(), TaskPhase.LAUNCHED, TaskPhase.FAILED);
        task(3, "c", Map.of(), TaskPhase.LAUNCHED, TaskPhase.RUNNING);
        task(4, "d", Map.of(), TaskPhase.CANCELLED);

        TaskMatches failed = find(EnumSet.of(TaskPhase.FAILED, TaskPhase.CANCELLED), null, 0, 10);
        assertThat(failed.items()).extracting(TaskView::id).containsExactly("t-4", "t-2");
        assertThat(failed.total()).isEqualTo(2);
        assertThat(failed.byPhase()).containsEntry(TaskPhase.SUCCEEDED, 1).containsEntry(TaskPhase.FAILED, 1)
                .containsEntry(TaskPhase.RUNNING, 1).containsEntry(TaskPhase.CANCELLED, 1)
                .doesNotContainKey(TaskPhase.QUEUED);
    }

    @Test
    void textMatchesIdNameAndLabelsInAnyCaseAndKeyEqualsValueMatchesOneLabel() {
        task(1, "Nightly-Report", Map.of("team", "billing"));
        task(2, "resize", Map.of("sample", "pi", "batch", "b7"));
        task(3, "resize", Map.of("batch", "b17"));
        task(40, "other", Map.of());

        assertThat(find(Set.of(), "nightly", 0, 10).items()).extracting(TaskView::id).containsExactly("t-1");
        assertThat(find(Set.of(), "BILL", 0, 10).items()).extracting(TaskView::id).containsExactly("t-1");
        assertThat(find(Set.of(), "team", 0, 10).items()).extracting(TaskView::id).containsExactly("t-1");
        assertThat(find(Set.of(), "t-4", 0, 10).items()).extracting(TaskView::id).containsExactly("t-40");
        assertThat(find(Set.of(), "batch=b7", 0, 10).items()).extracting(TaskView::id).containsExactly("t-2");
        assertThat(find(Set.of(), "batch = B1", 0, 10).items()).extracting(TaskView::id).containsExactly("t-3");
        assertThat(find(Set.of(), "sample=b7", 0, 10).items()).isEmpty();
        assertThat(find(Set.of(), "nothing like it", 0, 10).total()).isZero();
    }

    @Test
    void anExactLabelSelectsABatch() {
        task(1, "x", Map.of("batch", "b1"));
        task(2, "x", Map.of("batch", "b12"));
        TaskMatches b1 = TaskSearch.find(registry.views().values(),
                new TaskQuery(Set.of(), null, "batch", "b1", 0, 10));
        assertThat(b1.items()).extracting(TaskView::id).containsExactly("t-1");
    }

    @Test
    void idsOfTheSameInstantSortInSubmissionOrderNewestFirst() {
        Instant same = Instant.parse("2025-01-01T00:00:00Z");
        for (String id : new String[] {"t-9", "t-10", "t-100"}) {
            registry.add(new TaskRecord(id, new TaskOptions(0.1, 32, Duration.ofMinutes(1), 2, "x", Map.of()),
                    ByteString.copyFromUtf8("x"), new CompletableFuture<>(), same));
        }
        assertThat(find(Set.of(), null, 0, 10).items()).extracting(TaskView::id)
                .containsExactly("t-100", "t-10", "t-9");
    }

    @Test
    void everyPageIsTheSliceThatSortingAllWouldGive() {
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 500; n++) {
            TaskPhase[] moves = switch (random.nextInt(4)) {
                case 0 -> new TaskPhase[0];
                case 1 -> new TaskPhase[] {TaskPhase.LAUNCHED, TaskPhase.RUNNING};
                case 2 -> new TaskPhase[] {TaskPhase.LAUNCHED, TaskPhase.FAILED};
                default -> new TaskPhase[] {TaskPhase.LAUNCHED, TaskPhase.RUNNING, TaskPhase.SUCCEEDED};
            };
            // Submission times repeat, so that the ids must break ties.
            TaskRecord r = new TaskRecord("t-" + n, new TaskOptions(0.1, 32, Duration.ofMinutes(1), 2, "x", Map.of()),
                    ByteString.copyFromUtf8("x"), new CompletableFuture<>(), start.plusSeconds(random.nextInt(50)));
            registry.add(r);
            for (TaskPhase phase : moves) {
                if (phase == TaskPhase.LAUNCHED) {
                    r.attempts++;
                    registry.attemptLaunched(r, r.mesosIdFor(r.attempts));
                }
                registry.moveTo(r, phase, start);
            }
        }
        java.util.List<TaskView> sorted = new java.util.ArrayList<>(registry.views().values());
        sorted.sort(TaskSearch.ORDER);
        for (int size : new int[] {1, 7, 50, 499, 500, 1000}) {
            java.util.List<TaskView> pages = new java.util.ArrayList<>();
            for (int offset = 0; offset < 500; offset += size) {
                pages.addAll(find(Set.of(), null, offset, size).items());
            }
            assertThat(pages).as("pages of %d", size).containsExactlyElementsOf(sorted);
        }
        assertThat(sorted.get(0).phase().isTerminal()).isFalse();
        assertThat(sorted.get(499).phase().isTerminal()).isTrue();
    }
}
