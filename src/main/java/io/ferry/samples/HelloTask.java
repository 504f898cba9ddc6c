package io.ferry.samples;

import io.ferry.task.Task;
import java.io.Serial;

/** The seed's sample: task {@code i} answers {@code "hi" + i} (and says so on the executor's stdout). */
record HelloTask(int index) implements Task<String> {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String run() {
        String greeting = "hi" + index;
        System.out.println(greeting);
        return greeting;
    }
}
