package io.ferry.autoconfigure;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * What Mesos and Ferry's executor accept of {@code ferry.*}, beyond the ranges {@link FerryProperties} declares with
 * constraint annotations: durations, role names, credentials, sizes, directories, and whether the embedded
 * agents can hold a task at all. Each rule throws an {@link InvalidConfigurationException} naming the property, its
 * value as written and the reason; the first broken rule stops start-up.
 */
final class FerryPropertiesRules {

    /** Largest result: it travels back inside a Mesos status update, and Ferry's RecordIO reader stops at 64 MiB. */
    private static final DataSize MAX_RESULT_SIZE = DataSize.ofMegabytes(64);
    private static final int MIN_TOKEN_LENGTH = 16;
    /** Mesos cuts longer decline filters to a year (docs/mesos-notes.md §5). */
    private static final Duration MAX_DECLINE_REFUSE = Duration.ofDays(365);

    private final FerryProperties p;
    private final ConfiguredValues values;

    FerryPropertiesRules(FerryProperties properties, ConfiguredValues values) {
        this.p = properties;
        this.values = values;
    }

    void check() {
        Urls.httpUrl("ferry.mesos.master", p.mesos().master());
        Urls.httpUrl("ferry.advertised-url", p.advertisedUrl());
        mesos();
        executor();
        task();
        scheduler();
        if (p.localMode()) {
            local();
        }
        // Each directory is checked where it is used, and wherever it is set: a directory someone chose should
        // work before the day the other mode needs it.
        if (!p.localMode() || values.isSet("ferry.mesos.state-dir")) {
            directory("ferry.mesos.state-dir", p.mesos().stateDir());
        }
        if (p.localMode() || values.isSet("ferry.local.work-dir")) {
            directory("ferry.local.work-dir", p.local().workDir());
        }
    }

    private void mesos() {
        FerryProperties.Mesos m = p.mesos();
        MesosRoleName.problem(m.role()).ifPresent(reason -> {
            throw values.invalid("ferry.mesos.role", m.role(), "is not a Mesos role name: " + reason);
        });
        if (m.user() != null && !m.user().isBlank() && !m.user().matches("[^-\\s:/\\p{Cntrl}][^\\s:/\\p{Cntrl}]*")) {
            throw values.invalid("ferry.mesos.user", m.user(), "is not a Unix user name (no spaces, ':' or '/',"
                    + " and no leading '-')");
        }
        boolean principal = m.principal() != null && !m.principal().isBlank();
        if (principal && !m.principal().matches("[^:\\p{Cntrl}]+")) {
            throw values.invalid("ferry.mesos.principal", m.principal(), "must not contain ':' or control characters"
                    + " (it is the user name of HTTP Basic authentication)");
        }
        if (m.secret() != null && !m.secret().isEmpty() && !principal) {
            throw values.invalid("ferry.mesos.secret", m.secret(), "is set but ferry.mesos.principal is not: the"
                    + " master authenticates a principal with its secret, never a secret alone");
        }
        positive("ferry.mesos.failover-timeout", m.failoverTimeout(), "the master removes a framework, and kills"
                + " its tasks, once its connection has been broken this long");
        positive("ferry.mesos.decline-refuse", m.declineRefuse(), "Mesos reads 0 as no filter, so unusable offers"
                + " come straight back, and a negative value as its default of 5s");
        if (m.declineRefuse().compareTo(MAX_DECLINE_REFUSE) > 0) {
            throw values.invalid("ferry.mesos.decline-refuse", m.declineRefuse(),
                    "must be at most 365d: Mesos cuts longer decline filters to a year");
        }
    }

    private void executor() {
        FerryProperties.Executor e = p.executor();
        finite("ferry.executor.cpus", e.cpus());
        finite("ferry.executor.mem-mb", e.memMb());
        checkMaxResultSize(values, e.maxResultSize());
        checkToken(values, e.token());
        positive("ferry.executor.shutdown-grace", e.shutdownGrace(), "the agent kills an executor that has not"
                + " stopped within it");
    }

    static void checkMaxResultSize(ConfiguredValues values, DataSize size) {
        if (size.toBytes() <= 0 || size.toBytes() > MAX_RESULT_SIZE.toBytes()) {
            throw values.invalid("ferry.executor.max-result-size", size, "must be more than 0 and at most 64MB (a"
                    + " result travels back inside a Mesos status update)");
        }
    }

    /** The framework token: at least 16 visible ASCII characters, since it travels in an HTTP header. */
    static void checkToken(ConfiguredValues values, String token) {
        if (token == null || token.isBlank()) {
            return;
        }
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw values.invalid("ferry.executor.token", token, "must have at least 16 characters");
        }
        if (!token.matches("[\\x21-\\x7E]+")) {
            throw values.invalid("ferry.executor.token", token, "must be visible ASCII characters without spaces"
                    + " (executors send it in an HTTP Authorization header)");
        }
    }

    private void task() {
        FerryProperties.TaskDefaults t = p.task();
        finite("ferry.task.cpus", t.cpus());
        finite("ferry.task.mem-mb", t.memMb());
        positive("ferry.task.timeout", t.timeout(), "a task is killed once it has run this long");
    }

    private void scheduler() {
        DataSize inFlight = p.scheduler().maxBytesInFlight();
        if (inFlight != null && inFlight.toBytes() <= 0) {
            throw values.invalid("ferry.scheduler.max-bytes-in-flight", inFlight, "must be positive");
        }
    }

    /** The embedded agents must each hold the executor and one task of the default size, or no task ever runs. */
    private void local() {
        FerryProperties.Local l = p.local();
        finite("ferry.local.cpus", l.cpus());
        finite("ferry.local.mem-mb", l.memMb());
        fits("ferry.local.cpus", l.cpus(), "ferry.executor.cpus", p.executor().cpus(), "ferry.task.cpus",
                p.task().cpus());
        fits("ferry.local.mem-mb", l.memMb(), "ferry.executor.mem-mb", p.executor().memMb(), "ferry.task.mem-mb",
                p.task().memMb());
    }

    private void fits(String agentProperty, double agent, String executorProperty, double executor,
                      String taskProperty, double task) {
        // In thousandths: Mesos keeps scalar resources to three decimals, so 0.1 + 0.1 is exactly 0.2 there.
        long needed = Math.round(executor * 1000) + Math.round(task * 1000);
        if (Math.round(agent * 1000) < needed) {
            throw values.invalid(agentProperty, number(agent), "an agent must hold the executor ("
                    + executorProperty + "=" + values.written(executorProperty, number(executor)) + ") and one task ("
                    + taskProperty + "=" + values.written(taskProperty, number(task)) + "), so at least "
                    + number(needed / 1000.0) + "; no task would ever start");
        }
    }

    private void directory(String property, Path dir) {
        if (dir != null) {
            WritableDirectory.problem(dir).ifPresent(reason -> {
                throw values.invalid(property, dir, reason);
            });
        }
    }

    private void positive(String property, Duration duration, String why) {
        if (duration.isNegative() || duration.isZero()) {
            throw values.invalid(property, duration, "must be positive (" + why + ")");
        }
    }

    private void finite(String property, double value) {
        if (!Double.isFinite(value)) {
            throw values.invalid(property, value, "must be a finite number");
        }
    }

    /** 4 rather than 4.0, 0.2 rather than 0.20000000000000004. */
    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
