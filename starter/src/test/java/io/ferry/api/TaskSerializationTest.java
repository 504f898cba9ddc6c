package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.task.Task;
import io.ferry.task.TaskNotSerializableException;
import io.ferry.wire.JavaSerialization;
import java.io.Serializable;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TaskSerializationTest {

    /** Stands for a Spring bean: not serializable. */
    static class ReportService {
        int base = 40;
    }

    private final ReportService service = new ReportService();
    private final int offset = 2;

    @Test
    void aLambdaThatCapturesThisNamesTheEnclosingClassAndThePath() {
        Task<Integer> task = () -> offset + 40; // uses a field: captures this

        assertThatThrownBy(() -> TaskService.serialize(task))
                .isInstanceOf(TaskNotSerializableException.class)
                .hasMessageContaining(TaskSerializationTest.class.getName())
                .hasMessageContaining("capturedArg[0]")
                .satisfies(e -> assertThat(((TaskNotSerializableException) e).offendingClass())
                        .isEqualTo(TaskSerializationTest.class.getName()));
    }

    @Test
    void aCapturedBeanIsNamed() {
        ReportService local = service;
        Task<Integer> task = () -> local.base + 2;

        assertThatThrownBy(() -> TaskService.serialize(task))
                .isInstanceOf(TaskNotSerializableException.class)
                .hasMessageContaining(ReportService.class.getName())
                .hasMessageContaining("task -> capturedArg[0]");
    }

    record Holder(List<Object> items) implements Task<Integer> {
        @Override
        public Integer run() {
            return items.size();
        }
    }

    @Test
    void theFieldPathGoesThroughCollections() {
        Task<Integer> task = new Holder(List.of("a", new ReportService()));

        assertThatThrownBy(() -> TaskService.serialize(task))
                .isInstanceOf(TaskNotSerializableException.class)
                .satisfies(e -> assertThat(((TaskNotSerializableException) e).path())
                        .isEqualTo("task -> items (java.util.ImmutableCollections$List12)[1]"));
    }

    @Test
    void aLambdaOfANonSerializableTypeIsExplained() {
        Supplier<Integer> supplier = () -> 1;
        Task<Integer> task = new Holder(List.of(supplier));

        assertThatThrownBy(() -> TaskService.serialize(task))
                .isInstanceOf(TaskNotSerializableException.class)
                .hasMessageContaining("a lambda in " + TaskSerializationTest.class.getName())
                .hasMessageContaining("its target type is not Serializable");
    }

    @Test
    void aPlainLambdaSerializesAndComesBack() throws Exception {
        int six = 6;
        Task<Integer> task = () -> six * 7;

        byte[] bytes = TaskService.serialize(task).toByteArray();
        @SuppressWarnings("unchecked")
        Task<Integer> back = (Task<Integer>) JavaSerialization.deserialize(bytes, getClass().getClassLoader());
        assertThat(back.run()).isEqualTo(42);
    }

    @Test
    void anOversizedTaskIsRefusedWithTheLimit() {
        byte[] big = new byte[TaskService.MAX_TASK_BYTES + 1];
        Task<Integer> task = (Task<Integer> & Serializable) () -> big.length;

        assertThatThrownBy(() -> TaskService.serialize(task))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(TaskService.MAX_TASK_BYTES));
    }
}
