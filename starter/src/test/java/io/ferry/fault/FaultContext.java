package io.ferry.fault;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;

/** The app in local mode with two agents, for tests that kill executors: its own (cached) context. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=2", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        // A context of their own: these tests kill executors, which the end-to-end tests' cached context must not see.
        "spring.application.name=ferry-fault-tests"})
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@interface FaultContext {
}
