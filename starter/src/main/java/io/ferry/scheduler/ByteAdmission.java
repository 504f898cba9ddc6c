package io.ferry.scheduler;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Admission by bytes ({@code ferry.scheduler.max-bytes-in-flight}): which ready tasks may be launched now, given the
 * task bytes launched and not finished yet. Every launched task's bytes are copied on their way to the executor
 * (the ACCEPT's body, the master's and the agent's copies, the LAUNCH event), and in local mode all of them are in
 * this JVM's heap; the bound keeps large tasks queued instead of launching them all at once.
 *
 * <p>Tasks are admitted in the ready line's order and the first that does not fit stops the rest: a large task is never
 * overtaken for ever by small ones behind it. A task larger than the bound is admitted when nothing else is in
 * flight, alone, so it never waits for room that cannot come.
 */
final class ByteAdmission {

    private ByteAdmission() {
    }

    /**
     * @param ready    the ready tasks, oldest first
     * @param size     the task bytes of one of them
     * @param inFlight the task bytes launched and not finished
     * @param bound    the most task bytes in flight
     * @return how many tasks from the head of {@code ready} may be launched
     */
    static <T> int admitted(List<T> ready, ToLongFunction<T> size, long inFlight, long bound) {
        long used = inFlight;
        int admitted = 0;
        for (T task : ready) {
            long bytes = size.applyAsLong(task);
            boolean alone = admitted == 0 && inFlight == 0;
            if (!alone && bytes > bound - used) {
                break;
            }
            used += bytes;
            admitted++;
        }
        return admitted;
    }
}
