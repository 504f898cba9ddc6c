package io.ferry.task;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteErrorTest {

    @Test
    void capturesTheCauseChain() {
        IllegalStateException top = new IllegalStateException("top", new IOException("middle", new RuntimeException()));
        RemoteError e = RemoteError.of(top);

        assertThat(e.className()).isEqualTo("java.lang.IllegalStateException");
        assertThat(e.message()).isEqualTo("top");
        assertThat(e.stackTrace()).isEqualTo(top.getStackTrace());
        assertThat(e.cause().toString()).isEqualTo("java.io.IOException: middle");
        assertThat(e.cause().cause().toString()).isEqualTo("java.lang.RuntimeException");
        assertThat(e.cause().cause().cause()).isNull();
        assertThat(new TaskFailure(e).getCause()).isInstanceOf(TaskFailure.class).hasMessage("java.io.IOException: middle");
    }

    @Test
    void cutsCyclesAndLongChains() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b); // a -> b -> a
        RemoteError e = RemoteError.of(a);
        assertThat(e.cause().message()).isEqualTo("b");
        assertThat(e.cause().cause()).isNull();

        Throwable deep = new Exception("0");
        for (int i = 1; i < 100; i++) {
            deep = new Exception(String.valueOf(i), deep);
        }
        int depth = 0;
        for (RemoteError r = RemoteError.of(deep); r != null; r = r.cause()) {
            depth++;
        }
        assertThat(depth).isEqualTo(RemoteError.MAX_CAUSES);
    }
}
