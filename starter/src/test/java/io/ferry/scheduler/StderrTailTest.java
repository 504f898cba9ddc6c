package io.ferry.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What is kept of a file's end; the reading itself goes through a real agent in the fault tests. */
class StderrTailTest {

    @Test
    void keepsTheLastLinesAndDropsAPartialFirstOne() {
        assertThat(StderrTail.lines("ed line\nfirst\n\nsecond\r\nthird\n", true))
                .containsExactly("first", "second", "third");
        assertThat(StderrTail.lines("whole\nlast", false)).containsExactly("whole", "last");
        String many = IntStream.range(0, 50).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        assertThat(StderrTail.lines(many, false)).hasSize(StderrTail.MAX_LINES).endsWith("line 49")
                .startsWith("line 30");
        assertThat(StderrTail.lines("x".repeat(1000), false).get(0)).hasSize(301).endsWith("…");
        assertThat(StderrTail.lines("", false)).isEmpty();
    }

    @Test
    void aLongStackTraceKeepsItsHead() {
        String trace = "log line\nException in thread \"main\" java.lang.OutOfMemoryError: Metaspace\n"
                + IntStream.range(0, 40).mapToObj(i -> "\tat a.B.m" + i + "(B.java:" + i + ")")
                .collect(Collectors.joining("\n")) + "\n";
        List<String> lines = StderrTail.lines(trace, false);
        assertThat(lines).hasSize(StderrTail.MAX_LINES).endsWith("\tat a.B.m39(B.java:39)");
        assertThat(lines.get(0)).isEqualTo("Exception in thread \"main\" java.lang.OutOfMemoryError: Metaspace");
        assertThat(lines.get(1)).isEqualTo("…");
        // Lines that end in plain text keep their last lines as they are.
        assertThat(StderrTail.lines(trace + "exiting with code 1", false)).last().isEqualTo("exiting with code 1");
    }
}
