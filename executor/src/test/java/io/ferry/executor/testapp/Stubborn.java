package io.ferry.executor.testapp;

import io.ferry.task.Task;

import java.io.Serial;

/** A fetched task that ignores interrupts: it runs for a minute, whatever happens. */
public final class Stubborn implements Task<String> {

    @Serial
    private static final long serialVersionUID = 1L;
    /** Printed to the executor's stdout once the task really runs. */
    public static final String STARTED = "stubborn task started";

    @Override
    public String run() {
        System.out.println(STARTED); // TASK_RUNNING comes 25 ms after launch, maybe before the class was even loaded
        System.out.flush();
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
