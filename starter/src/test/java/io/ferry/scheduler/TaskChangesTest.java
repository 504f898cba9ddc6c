package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The change feed alone: one writer thread, one reader thread, a ring small enough to overflow. Every id written
 * reaches the reader in order, or is counted as dropped and said by a drain that the reader's look at everything
 * follows.
 */
class TaskChangesTest {

    /**
     * The reader's protocol, as the dashboard's publisher follows it: the writer makes each change visible (here, by
     * raising {@code latest}) before it feeds its id; a drain that says it is incomplete is followed by a look at
     * everything (here: every id up to {@code latest} counts as seen). After each drain no id below the last one
     * given is unseen, and at the end every id is.
     */
    @Test
    void everyIdIsGivenInOrderOrCoveredByALookAtEverythingAfterADrainThatSaidSo() throws Exception {
        int total = 2_000_000;
        TaskChanges feed = new TaskChanges(1024);
        String[] ids = new String[total];
        for (int i = 0; i < total; i++) {
            ids[i] = Integer.toString(i);
        }
        AtomicInteger latest = new AtomicInteger(-1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < total; i++) {
                latest.set(i);
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
        BitSet seen = new BitSet(total);
        long given = 0;
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
                seen.set(0, latest.get() + 1);
            }
            for (String id : got) {
                int n = Integer.parseInt(id);
                assertThat(n).as("ids come in the order written").isGreaterThan(last);
                last = n;
                seen.set(n);
            }
            given += got.size();
            assertThat(seen.nextClearBit(0)).as("no id below the last given (%d) is unseen", last)
                    .isGreaterThan(last);
            if (writerDone && got.isEmpty() && complete) {
                break;
            }
            assertThat(System.nanoTime()).as("the writer ends within a minute").isLessThan(deadline);
        }
        writer.get(1, TimeUnit.SECONDS);
        assertThat(seen.cardinality()).as("every id seen").isEqualTo(total);
        assertThat(given + feed.dropped()).as("given plus dropped is all written").isEqualTo(total);
        System.out.printf("task changes: %d ids, %d given, %d dropped, %d drains, %d incomplete%n", total, given,
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
