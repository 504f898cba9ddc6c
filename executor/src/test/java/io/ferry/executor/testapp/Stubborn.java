package io.ferry.executor.testapp;

import io.ferry.task.Task;

import java.io.Serial;

/** A fetched task that ignores interrupts: it runs for a minute, whatever happens. */
public final class Stubborn implements Task<String> {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String run() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                // ignored on purpose
            }
        }
        return "done at last";
    }
}
