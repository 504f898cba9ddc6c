package io.ferry.executor.testapp;

import io.ferry.task.Task;

import java.io.Serial;

/** A task that prints text beyond ASCII to stdout and stderr, and answers how many characters it printed. */
public final class Accents implements Task<Integer> {

    @Serial
    private static final long serialVersionUID = 1L;

    public static final String OUT = "héllo wörld ✓ 日本 😀";
    public static final String ERR = "ошибка ✗";

    @Override
    public Integer run() {
        System.out.println(OUT);
        System.err.println(ERR);
        return OUT.length() + ERR.length();
    }
}
