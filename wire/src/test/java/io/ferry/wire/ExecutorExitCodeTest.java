package io.ferry.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExecutorExitCodeTest {

    @Test
    void everyCodeIsItsOwnAndReadsBack() {
        assertThat(Arrays.stream(ExecutorExitCode.values()).map(ExecutorExitCode::code)).doesNotHaveDuplicates();
        for (ExecutorExitCode c : ExecutorExitCode.values()) {
            assertThat(ExecutorExitCode.of(c.code())).isSameAs(c);
            assertThat(c.meaning()).isNotBlank();
        }
        assertThat(ExecutorExitCode.of(42)).isNull();
        assertThat(ExecutorExitCode.of(6).meaning()).isEqualTo("restarted because a killed task would not stop");
    }

    /** The README's list is what operators read: it must say what the code says. */
    @Test
    void theReadmeListsEveryCodeWithItsMeaning() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8).replace("`", "")
                .replaceAll("\\s+", " ");
        for (ExecutorExitCode c : ExecutorExitCode.values()) {
            assertThat(readme).as("README names exit code %d", c.code()).contains(c.code() + " " + c.meaning());
        }
    }
}
