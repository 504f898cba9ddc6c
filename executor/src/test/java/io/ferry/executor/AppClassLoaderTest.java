package io.ferry.executor;

import io.ferry.executor.testapp.Greeting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppClassLoaderTest {

    private final ClassServer app = new ClassServer();

    @AfterEach
    void close() {
        app.close();
    }

    private AppClassLoader loader(String url, String token, Duration timeout) {
        return new AppClassLoader(url, token, timeout, ClassServer.parentWithoutTestApp());
    }

    private AppClassLoader loader() {
        return loader(app.url(), ClassServer.TOKEN, Duration.ofSeconds(10));
    }

    @Test
    void definesAClassAndItsPackageFromTheAppsBytes() throws Exception {
        AppClassLoader loader = loader();
        Class<?> c = Class.forName(Greeting.class.getName(), true, loader);

        assertThat(c).isNotSameAs(Greeting.class);
        assertThat(c.getClassLoader()).isSameAs(loader);
        assertThat(c.getPackage()).isNotNull();
        assertThat(c.getPackage().getName()).isEqualTo("io.ferry.executor.testapp");
        @SuppressWarnings("unchecked")
        Supplier<String> greeting = (Supplier<String>) c.getConstructor().newInstance();
        assertThat(greeting.get()).isEqualTo("hello from ferry-app");
    }

    @Test
    void loadsEachClassOnce() throws Exception {
        AppClassLoader loader = loader();
        Class<?> first = loader.loadClass(Greeting.class.getName());
        Class<?> second = loader.loadClass(Greeting.class.getName());
        assertThat(second).isSameAs(first);
        assertThat(app.requests()).isEqualTo(1);
    }

    @Test
    void classesTheParentHasAreNotFetched() throws Exception {
        assertThat(loader().loadClass("io.ferry.task.Task")).isSameAs(io.ferry.task.Task.class);
        assertThat(loader().loadClass("java.lang.String")).isSameAs(String.class);
        assertThat(app.requests()).isZero();
    }

    @Test
    void anAbsentClassNamesClassAndAppAndIsRemembered() {
        AppClassLoader loader = loader();
        String name = "com.example.Missing";
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> loader.loadClass(name))
                    .isInstanceOf(ClassNotFoundException.class)
                    .hasMessageContaining("class com.example.Missing not found")
                    .hasMessageContaining("the app at " + app.url())
                    .hasMessageContaining("404");
        }
        assertThat(app.requests()).as("the second miss is answered from the negative cache").isEqualTo(1);
    }

    @Test
    void aWrongTokenIsReportedAsSuch() {
        assertThatThrownBy(() -> loader(app.url(), "wrong", Duration.ofSeconds(10)).loadClass(Greeting.class.getName()))
                .isInstanceOf(ClassNotFoundException.class)
                .hasMessageContaining("refused the executor's token (HTTP 401)")
                .hasMessageContaining("FERRY_TOKEN")
                .hasMessageContaining(Greeting.class.getName());
    }

    @Test
    void aServerErrorMeansUnreachableAndIsNotRemembered() {
        app.answerAlways(503);
        AppClassLoader loader = loader();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> loader.loadClass(Greeting.class.getName()))
                    .isInstanceOf(ClassNotFoundException.class)
                    .hasMessageContaining("the app at " + app.url() + " could not be reached (HTTP 503)");
        }
        assertThat(app.requests()).isEqualTo(2);
    }

    @Test
    void aRefusedConnectionMeansUnreachable() {
        String url = app.url();
        app.close();
        assertThatThrownBy(() -> loader(url, ClassServer.TOKEN, Duration.ofSeconds(10)).loadClass(Greeting.class.getName()))
                .isInstanceOf(ClassNotFoundException.class)
                .hasMessageContaining("the app at " + url + " could not be reached")
                .satisfies(e -> assertThat(e.getMessage().replace(url, "")).doesNotContain("404")); // the port may contain 404
    }

    @Test
    void aSlowAppHitsTheDeadline() {
        app.stall();
        assertThatThrownBy(() -> loader(app.url(), ClassServer.TOKEN, Duration.ofMillis(200)).loadClass(Greeting.class.getName()))
                .isInstanceOf(ClassNotFoundException.class)
                .hasMessageContaining("could not be reached")
                .hasMessageContaining("200 ms");
    }
}
