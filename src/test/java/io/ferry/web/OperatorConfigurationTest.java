package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ferry.FerryApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The app's own {@code ferry.security.*} is checked with the starter's properties: a bad value stops a real start-up
 * of the app with one line on standard error naming the property, the value and the reason.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperatorConfigurationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"ferry.security.username= \" | ferry.security.username= : must not be blank",
            "ferry.security.username=ops:admin | ferry.security.username=ops:admin: must not contain ':' or control"
                    + " characters (HTTP Basic sends the user name before a ':')",
            "ferry.security.usrname=ops       | ferry.security.usrname=ops: no such property; did you mean"
                    + " ferry.security.username?",
            "ferry.security.pasword=s3cret    | ferry.security.pasword=(6 characters, not shown): no such property;"
                    + " did you mean ferry.security.password?",
            "ferry.task.timeout=0s            | ferry.task.timeout=0s: must be positive (a task is killed once it has"
                    + " run this long)"})
    void aBadValueStopsTheAppWithOneLine(String setting, String expected, CapturedOutput output) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(FerryApplication.class)
                .run("--server.port=0", "--" + setting).close());

        assertThat(failure).as("start-up with %s", setting).isNotNull();
        assertThat(output.getErr().lines().toList()).as("standard error")
                .containsExactly("Invalid Ferry configuration: " + expected);
        assertThat(output.getOut()).doesNotContain("APPLICATION FAILED TO START");
    }
}
