package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferry.task.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The registry counts a task's bytes from its launch until its attempt or the task ends, once, whatever comes. */
class BytesInFlightTest {

    private final TaskRegistry registry = new TaskRegistry(100);
    private final Instant now = Instant.now();

    private TaskRecord launched(String id, int bytes) {
        TaskRecord r = new TaskRecord(id, new TaskOptions(0.1, 32, Duration.ofMinutes(1), 2, "t", Map.of()),
                ByteString.copyFrom(new byte[bytes]), new CompletableFuture<>(), now);
        registry.add(r);
        r.attempts++;
        registry.attemptLaunched(r, r.mesosIdFor(r.attempts));
        registry.moveTo(r, TaskPhase.LAUNCHED, now);
        return r;
    }

    @Test
    void countsFromLaunchUntilTheAttemptEnds() {
        TaskRecord a = launched("a", 100);
        TaskRecord b = launched("b", 200);
        assertThat(registry.bytesInFlight()).isEqualTo(300);

        registry.attemptEnded(a);
        registry.moveTo(a, TaskPhase.SUCCEEDED, now);
        assertThat(registry.bytesInFlight()).isEqualTo(200);

        registry.moveTo(b, TaskPhase.RUNNING, now);
        registry.moveTo(b, TaskPhase.FAILED, now);
        registry.attemptEnded(b); // the attempt's update after the task ended (a timeout): counted once only
        assertThat(registry.bytesInFlight()).isZero();
        assertThat(registry.peakBytesInFlight()).isEqualTo(300);
    }

    @Test
    void aRetryCountsAgainOnlyWhenItIsLaunchedAgain() {
        TaskRecord a = launched("a", 100);
        registry.attemptEnded(a);
        registry.moveTo(a, TaskPhase.QUEUED, now);
        assertThat(registry.bytesInFlight()).isZero();

        a.attempts++;
        registry.attemptLaunched(a, a.mesosIdFor(a.attempts));
        assertThat(registry.bytesInFlight()).isEqualTo(100);
        registry.moveTo(a, TaskPhase.CANCELLED, now);
        assertThat(registry.bytesInFlight()).isZero();
        assertThat(registry.peakBytesInFlight()).isEqualTo(100);
    }
}
