package io.ferry.web.executors;

import io.ferry.web.Formats;
import java.time.Instant;

/**
 * An executor run as the pages show it.
 *
 * @param run      the run
 * @param started  when it said hello (day and time)
 * @param lasted   how long it ran, or has run
 * @param ended    when it ended (day and time), or empty
 */
record RunRow(ExecutorRun run, String started, String lasted, String ended) {

    static RunRow of(ExecutorRun run) {
        Instant until = run.ended() != null ? run.ended() : Instant.now();
        return new RunRow(run, Formats.dayAndClock(run.started()), Formats.duration(run.started(), until),
                Formats.dayAndClock(run.ended()));
    }
}
