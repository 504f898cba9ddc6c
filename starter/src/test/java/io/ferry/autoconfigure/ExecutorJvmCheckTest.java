package io.ferry.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/**
 * The executor's JVM options, tried with this JVM as in local mode: options it accepts pass, and what it warns
 * about (an option every executor start would warn about in its sandbox) is said once in the app's log. Refused
 * options are in {@link ConfigurationFailureTest}'s table.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExecutorJvmCheckTest {

    private final ExecutorJvmCheck check = new ExecutorJvmCheck(new ConfiguredValues(new MockEnvironment()));

    @Test
    void theDefaultOptionsPass(CapturedOutput output) {
        assertThatNoException().isThrownBy(() -> check.check(null,
                "-XX:+UseSerialGC -Xss512k -Xshare:auto", 256));
        assertThat(output.getOut()).doesNotContain("ferry.executor.java-opts");
    }

    @Test
    void aDeprecatedOptionPassesWithAWarning(CapturedOutput output) {
        check.check(null, "-XX:+UseBiasedLocking", 256);

        assertThat(output.getOut()).containsPattern("WARN .* ferry\\.executor\\.java-opts: the executor's JVM,"
                + " started with '-Dfile.encoding=UTF-8 -XX:\\+UseBiasedLocking -Xmx153m', says: .*VM warning: Option UseBiasedLocking"
                + " was deprecated");
    }
}
