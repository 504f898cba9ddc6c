package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassControllerPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"io.ferry.samples.HelloTask", "com.example.Report$1", "Top", "a.b.C$$Lambda$14",
            "_x.$y.Z"})
    void servesBinaryClassNames(String name) {
        assertThat(ClassController.isServable(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../application.properties", "..", "a/../b", "/etc/passwd", "a..b", "a.", ".a",
            "application.properties ", "META-INF/MANIFEST", "a\\b", "java.lang.String", "jdk.internal.Foo",
            "sun.misc.Unsafe", "a b", "", "1abc", "a.1b", "%2e%2e"})
    void refusesAnythingElse(String name) {
        assertThat(ClassController.isServable(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {513, 10_000})
    void refusesOverlongNames(int length) {
        assertThat(ClassController.isServable("a".repeat(length))).isFalse();
    }
}
