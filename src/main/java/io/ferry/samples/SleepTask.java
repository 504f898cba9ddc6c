package io.ferry.samples;

import io.ferry.task.Task;
import java.io.Serial;

/** Sleeps, then says for how long: a task to watch running, and to cancel. */
record SleepTask(double seconds) implements Task<String> {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String run() throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
        return "slept " + seconds + " s";
    }
}
