package io.ferry.wire;

import io.ferry.wire.TaskOutputLayout.Stream;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskOutputLayoutTest {

    @Test
    void ferrysOwnIdsAreTheirOwnNames() {
        assertThat(TaskOutputLayout.directoryName("tm3x0k2a-17.1")).isEqualTo("tm3x0k2a-17.1");
        assertThat(TaskOutputLayout.relativePath("tm3x0k2a-17.1", Stream.STDOUT)).isEqualTo("tasks/tm3x0k2a-17.1/stdout");
        assertThat(TaskOutputLayout.relativePath("tm3x0k2a-17.1", Stream.STDERR)).isEqualTo("tasks/tm3x0k2a-17.1/stderr");
    }

    @Test
    void anyOtherIdBecomesOneSafeName() {
        assertThat(TaskOutputLayout.directoryName("../../etc/passwd")).isEqualTo("%2E.%2F..%2Fetc%2Fpasswd");
        assertThat(TaskOutputLayout.directoryName(".")).isEqualTo("%2E");
        assertThat(TaskOutputLayout.directoryName("..")).isEqualTo("%2E.");
        assertThat(TaskOutputLayout.directoryName("a b%c")).isEqualTo("a%20b%25c");
        assertThat(TaskOutputLayout.directoryName("crème")).isEqualTo("cr%C3%A8me");
        assertThat(TaskOutputLayout.directoryName("a\\b\nc~")).isEqualTo("a%5Cb%0Ac%7E");
        assertThatThrownBy(() -> TaskOutputLayout.directoryName("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void escapedNamesNeverCollide() {
        // '%' itself is escaped, so an id that looks escaped keeps a name of its own.
        List<String> ids = List.of("a b", "a%20b", "a%2520b", "a_b", "a.b", ".a", "%2Ea");
        Set<String> names = new HashSet<>();
        for (String id : ids) {
            assertThat(names.add(TaskOutputLayout.directoryName(id))).as(id).isTrue();
        }
    }

    @Test
    void longIdsAreCutAndEndInADigestOfTheWholeId() {
        String a = "x".repeat(300) + "a";
        String b = "x".repeat(300) + "b";
        String nameA = TaskOutputLayout.directoryName(a);
        assertThat(nameA).hasSize(TaskOutputLayout.MAX_NAME).startsWith("xxx").contains("~");
        assertThat(nameA).isNotEqualTo(TaskOutputLayout.directoryName(b));
        assertThat(TaskOutputLayout.directoryName(a)).as("the same id, the same name").isEqualTo(nameA);

        // An escape is never cut in two.
        String spaces = " ".repeat(100);
        String name = TaskOutputLayout.directoryName(spaces);
        String kept = name.substring(0, name.indexOf('~'));
        assertThat(kept).matches("(%20)+");
        assertThat(name.length()).isLessThanOrEqualTo(TaskOutputLayout.MAX_NAME);
    }
}
