package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferry.task.RemoteError;
import io.ferry.task.TaskFailure;
import io.ferry.task.TaskOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/** What a task keeps of its status updates and of its failure: bounded, and in the words of the remote code. */
class TaskUpdatesTest {

    private static TaskStatus status(TaskState state, String message) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t-1.1")).setState(state)
                .setSource(TaskStatus.Source.SOURCE_AGENT).setReason(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED)
                .setMessage(message).build();
    }

    private static TaskRecord record() {
        return new TaskRecord("t-1", new TaskOptions(0.1, 32, Duration.ofMinutes(1), 2, "x", Map.of()),
                ByteString.copyFromUtf8("x"), new CompletableFuture<>(), Instant.now());
    }

    @Test
    void anUpdateIsKeptWithItsSourceReasonAndACutMessage() {
        Instant now = Instant.now();
        StatusUpdate update = StatusUpdate.of(status(TaskState.TASK_FAILED, "x".repeat(1000)), 2, now);
        assertThat(update.attempt()).isEqualTo(2);
        assertThat(update.state()).isEqualTo("TASK_FAILED");
        assertThat(update.source()).isEqualTo("SOURCE_AGENT");
        assertThat(update.reason()).isEqualTo("REASON_EXECUTOR_TERMINATED");
        assertThat(update.message()).hasSize(StatusUpdate.MESSAGE_LIMIT + 1).endsWith("…");
        assertThat(update.time()).isSameAs(now);
        assertThat(StatusUpdate.of(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("a"))
                .setState(TaskState.TASK_RUNNING).build(), 1, now)).satisfies(u -> {
                    assertThat(u.reason()).isNull();
                    assertThat(u.message()).isNull();
                });
    }

    @Test
    void theLastSixteenUpdatesAreKeptAndAllAreCounted() {
        TaskRecord r = record();
        for (int i = 0; i < 20; i++) {
            r.recordUpdate(StatusUpdate.of(status(TaskState.TASK_RUNNING, "update " + i), 1, Instant.now()));
        }
        TaskView view = r.view();
        assertThat(view.updates()).hasSize(TaskRecord.MAX_UPDATES);
        assertThat(view.updates().get(0).message()).isEqualTo("update 4");
        assertThat(view.updates().get(15).message()).isEqualTo("update 19");
        assertThat(view.updateCount()).isEqualTo(20);
        // Views share the list: publishing a view copies nothing.
        assertThat(r.view().updates()).isSameAs(view.updates());
    }

    @Test
    void aRemoteFailureReadsAsTheOriginalWithItsCauses() {
        Exception cause = new NumberFormatException("For input string: \"x\"");
        Exception thrown = new IllegalStateException("sample failure", cause);
        TaskFailure failure = new TaskFailure(RemoteError.of(thrown));

        FailureDetail detail = FailureDetail.of(failure);
        assertThat(detail.className()).isEqualTo("java.lang.IllegalStateException");
        assertThat(detail.remote()).isTrue();
        assertThat(detail.message()).isEqualTo("sample failure");
        assertThat(detail.causes()).containsExactly("java.lang.NumberFormatException: For input string: \"x\"");

        String trace = FailureDetail.trace(failure);
        assertThat(trace).startsWith("java.lang.IllegalStateException: sample failure\n\tat io.ferry.scheduler.")
                .contains("Caused by: java.lang.NumberFormatException: For input string: \"x\"")
                .containsPattern("\\.\\.\\. \\d+ more").doesNotContain("TaskFailure");
    }

    @Test
    void ferrysOwnFailureSaysSoAndALongTraceIsCut() {
        FailureDetail timeout = FailureDetail.of(new TaskFailure("ran longer than its timeout of 2s",
                new java.util.concurrent.TimeoutException("2s")));
        assertThat(timeout.className()).isEqualTo(TaskFailure.class.getName());
        assertThat(timeout.remote()).isFalse();
        assertThat(timeout.causes()).containsExactly("java.util.concurrent.TimeoutException: 2s");

        Throwable deep = new RuntimeException("bottom");
        for (int i = 0; i < 200; i++) {
            deep = new RuntimeException("level " + i, deep);
        }
        assertThat(FailureDetail.trace(deep)).hasSizeLessThanOrEqualTo(FailureDetail.TRACE_LIMIT + 1);
        assertThat(FailureDetail.of(deep).causes()).hasSize(FailureDetail.MAX_CAUSES);
    }
}
