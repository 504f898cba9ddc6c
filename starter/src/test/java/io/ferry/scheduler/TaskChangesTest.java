package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The change feed alone: one writer thread, one reader thread, a ring small enough to overflow. Every id written
 * reaches the reader in order or is counted as dropped, and a drain that skips an id says so.
 */
class TaskChangesTest {

    @Test
    void everyIdIsGivenInOrderOrCountedDroppedAndASkipIsNeverUnsaid() throws Exception {
        int total = 2_000_000;
        TaskChanges feed = new TaskChanges(1024);
        String[] ids = new String[total];
        for (int i = 0; i < total; i++) {
            ids[i] = Integer.toString(i);
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < total; i++) {
                feed.changed(ids[i]);
                if ((i & 255) == 0) {
                    // A pause now and then, as the loop's other work: the reader keeps up, but not always.
                    long until = System.nanoTime() + 5_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
            }
        });
        long received = 0;
        int last = -1;
        int drains = 0;
        int incomplete = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            boolean writerDone = writer.isDone();
            List<String> got = new ArrayList<>();
            boolean complete = feed.drainTo(got::add);
            drains++;
            if (!complete) {
                incomplete++;
            }
            for (String id : got) {
                int n = Integer.parseInt(id);
                assertThat(n).as("ids come in the order written").isGreaterThan(last);
                if (n != last + 1 && drains > 1) {
                    assertThat(complete).as("a drain that skips id %d says it is incomplete", last + 1).isFalse();
                }
                last = n;
            }
            received += got.size();
            if (writerDone && got.isEmpty()) {
                break;
            }
            assertThat(System.nanoTime()).as("the writer ends within a minute").isLessThan(deadline);
        }
        writer.get(1, TimeUnit.SECONDS);
        assertThat(received + feed.dropped()).as("given plus dropped is all written").isEqualTo(total);
        assertThat(incomplete).as("the first drain is incomplete").isGreaterThanOrEqualTo(1);
        System.out.printf("task changes: %d ids, %d given, %d dropped, %d drains, %d incomplete%n", total, received,
                feed.dropped(), drains, incomplete);
    }

    @Test
    void aFullRingDropsAndTheNextDrainSaysSo() {
        TaskChanges feed = new TaskChanges(4);
        List<String> got = new ArrayList<>();
        assertThat(feed.drainTo(got::add)).as("the first drain asks for one look at everything").isFalse();
        assertThat(feed.drainTo(got::add)).isTrue();
        for (int i = 0; i < 6; i++) {
            feed.changed("t" + i);
        }
        assertThat(feed.dropped()).isEqualTo(2);
        assertThat(feed.drainTo(got::add)).isFalse();
        assertThat(got).containsExactly("t0", "t1", "t2", "t3");
        got.clear();
        feed.changed("t6");
        assertThat(feed.drainTo(got::add)).isTrue();
        assertThat(got).containsExactly("t6");
    }

    @Test
    void aSinkThatThrowsMakesTheNextDrainIncomplete() {
        TaskChanges feed = new TaskChanges(8);
        feed.drainTo(id -> { });
        feed.changed("a");
        feed.changed("b");
        assertThatThrownBy(() -> feed.drainTo(id -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        List<String> got = new ArrayList<>();
        assertThat(feed.drainTo(got::add)).isFalse();
        assertThat(got).isEmpty();
    }

    @Test
    void theCapacityIsAPowerOfTwo() {
        assertThatThrownBy(() -> new TaskChanges(1000)).isInstanceOf(IllegalArgumentException.class);
    }
}
