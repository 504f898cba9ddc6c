package io.ferry.scheduler;

import io.ferry.wire.ExecutorExitCode;

/**
 * An executor's end as the master's FAILURE event reports it: the raw wait status of its process
 * (docs/mesos-notes.md §11), read the way {@code WIFEXITED}/{@code WEXITSTATUS}/{@code WTERMSIG} read it, and said
 * in words with the executor's own exit codes ({@link ExecutorExitCode}).
 *
 * @param raw the status as {@code waitpid} gave it to the agent; -1 when the agent did not know it
 */
record WaitStatus(int raw) {

    /** Signal names by number (Linux, where Mesos agents run; the first fifteen are the same on every POSIX). */
    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
            "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};

    boolean known() {
        return raw >= 0;
    }

    /** WIFEXITED: the process called exit. */
    boolean exited() {
        return known() && (raw & 0x7f) == 0;
    }

    /** WEXITSTATUS; meaningful when {@link #exited()}. */
    int exitCode() {
        return (raw >> 8) & 0xff;
    }

    /** WIFSIGNALED: a signal ended the process. */
    boolean signalled() {
        int low = raw & 0x7f;
        return known() && low != 0 && low != 0x7f;
    }

    /** WTERMSIG; meaningful when {@link #signalled()}. */
    int signal() {
        return raw & 0x7f;
    }

    /** An exit with code 0: the executor did what it was asked (SHUTDOWN), nothing failed. */
    boolean clean() {
        return exited() && exitCode() == 0;
    }

    /**
     * In words, after "executor … ": "exited with code 3 (a task ran out of memory)", "was killed by signal 9
     * (SIGKILL)", "exited with code 137 (128 + 9 (SIGKILL): …)".
     */
    String describe() {
        if (signalled()) {
            return "was killed by signal " + named(signal()) + ((raw & 0x80) != 0 ? ", core dumped" : "");
        }
        if (!exited()) {
            return known() ? "ended with wait status " + raw : "ended; its exit status is unknown";
        }
        int code = exitCode();
        ExecutorExitCode meaning = ExecutorExitCode.of(code);
        if (meaning != null) {
            return "exited with code " + code + " (" + meaning.meaning() + ")";
        }
        if (code > 128 && code - 128 < 64) {
            return "exited with code " + code + " (128 + " + named(code - 128)
                    + ": how shells, and the JVM after a signal it handles, report one)";
        }
        return "exited with code " + code + " (not one of the executor's codes: a task's System.exit?)";
    }

    /** "9 (SIGKILL)"; a number alone for signals without a portable name. */
    static String named(int signal) {
        return signal > 0 && signal < SIGNALS.length ? signal + " (" + SIGNALS[signal] + ")" : Integer.toString(signal);
    }
}
