package io.ferry.executor;

import com.google.protobuf.ByteString;
import io.ferry.task.RemoteError;
import io.ferry.task.Task;
import io.ferry.wire.JavaSerialization;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Serial;

import static org.assertj.core.api.Assertions.assertThat;

/** A task's body alone: each way it can end, and which of them make the JVM unfit. */
class TaskExecutionTest {

    private final TaskExecution execution = new TaskExecution(TaskExecutionTest.class.getClassLoader(),
            1 << 20, 1 << 20);

    @Test
    void aResultIsSerializedIntoTheFinishedUpdate() throws Exception {
        TaskExecution.Outcome outcome = execution.run("t", data(new TestTasks.Returning("forty-two")));

        assertThat(outcome.update().state()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(JavaSerialization.deserialize(outcome.update().data().toByteArray(),
                TaskExecutionTest.class.getClassLoader())).isEqualTo("forty-two");
        assertThat(outcome.outOfMemory()).isNull();
    }

    @Test
    void anOutOfMemoryErrorFailsTheTaskAndIsHandedBack() throws Exception {
        TaskExecution.Outcome outcome = execution.run("t", data(new RunsOutOfMemory(false)));

        assertThat(outcome.update().state()).isEqualTo(TaskState.TASK_FAILED);
        RemoteError error = (RemoteError) JavaSerialization.deserialize(outcome.update().data().toByteArray(),
                TaskExecutionTest.class.getClassLoader());
        assertThat(error.className()).isEqualTo(OutOfMemoryError.class.getName());
        assertThat(outcome.outOfMemory()).isNotNull();
    }

    @Test
    void aFailureThatCannotBeDescribedStillEndsTheTaskAndKeepsItsOutOfMemoryError() throws Exception {
        TaskExecution.Outcome outcome = execution.run("t", data(new RunsOutOfMemory(true)));

        assertThat(outcome.update().state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(outcome.update().message())
                .isEqualTo("task t failed, and describing its failure failed too: java.lang.IllegalStateException");
        assertThat(outcome.update().data()).isEqualTo(ByteString.EMPTY);
        assertThat(outcome.outOfMemory()).isNotNull();
    }

    @Test
    void dataThatIsNotATaskFailsNamingWhatItHolds() throws Exception {
        TaskExecution.Outcome outcome = execution.run("t", data("text"));

        assertThat(outcome.update().state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(outcome.update().message()).contains("holds a java.lang.String, not a " + Task.class.getName());
        assertThat(outcome.outOfMemory()).isNull();
    }

    private static ByteString data(Object task) throws IOException {
        return ByteString.copyFrom(JavaSerialization.serialize(task, Integer.MAX_VALUE));
    }

    /** Throws an {@link OutOfMemoryError}; with {@code undescribable}, one whose {@code toString()} throws. */
    record RunsOutOfMemory(boolean undescribable) implements Task<Object> {
        @Override
        public Object run() {
            throw undescribable ? new UndescribableOutOfMemoryError() : new OutOfMemoryError("test heap");
        }
    }

    static final class UndescribableOutOfMemoryError extends OutOfMemoryError {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            throw new IllegalStateException("no words");
        }
    }
}
