package io.ferry.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutorHelloTest {

    @Test
    void roundTrips() {
        ExecutorHello hello = new ExecutorHello("ex-1", "agent-S0", "10.0.0.1:5051", "/var/lib/mesos/slaves/x/runs/y", 4242);
        assertThat(ExecutorHello.parse(hello.toBytes())).isEqualTo(hello);
        assertThat(new String(hello.toBytes(), StandardCharsets.UTF_8)).startsWith(ExecutorHello.MAGIC + "\n");
    }

    @Test
    void refusesOtherMessages() {
        assertThatThrownBy(() -> ExecutorHello.parse("sample data".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an executor hello");
        assertThatThrownBy(() -> ExecutorHello.parse((ExecutorHello.MAGIC + "\nexecutor_id=x\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("incomplete");
    }
}
