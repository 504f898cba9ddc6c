package io.ferry.local.agent;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The sandbox of an executor run that failed: its process ended with a status other than exit code 0 (a signal
 * included), or it never ran or never subscribed (launch failure, registration or reregistration timeout).
 *
 * @param directory the run's sandbox ({@code MESOS_DIRECTORY})
 * @param ended     when the agent saw the run end
 */
public record FailedSandbox(Path directory, Instant ended) {
}
