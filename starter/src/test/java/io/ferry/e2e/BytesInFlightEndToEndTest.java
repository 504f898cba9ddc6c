package io.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.scheduler.SchedulerMetrics;
import io.ferry.task.Task;
import io.ferry.wire.JavaSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Large tasks through the local cluster with a small {@code ferry.scheduler.max-bytes-in-flight}: every task comes
 * back right, the bytes in flight never passed the bound, and a task larger than the bound still ran, alone.
 * One agent with room for dozens of tasks at once, so only the bound holds them back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ferry.local.agents=1", "ferry.local.cpus=4", "ferry.local.mem-mb=4096",
        "ferry.scheduler.max-bytes-in-flight=" + BytesInFlightEndToEndTest.BOUND_MIB + "MB"})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BytesInFlightEndToEndTest {

    static final int BOUND_MIB = 5;
    private static final long BOUND = BOUND_MIB * 1024L * 1024;
    private static final long WAIT_SECONDS = 90;

    @Autowired
    TaskService tasks;
    @Autowired
    MeterRegistry meters;

    @Test
    void largeTasksWaitForRoomAndOneLargerThanTheBoundRunsAlone() throws Exception {
        // 20 MiB of tasks, each within the bound: launched all at once they would be 20 MiB in flight.
        List<byte[]> inputs = new ArrayList<>();
        for (int mib : new int[]{1, 2, 3, 4, 1, 2, 3, 4}) {
            inputs.add(input(mib));
        }
        assertAllComeBack(inputs);
        assertThat(peak()).isLessThanOrEqualTo(BOUND).isGreaterThanOrEqualTo(4L * 1024 * 1024);

        // Larger than the bound, with small tasks right behind it: it launches when nothing else is in flight, and
        // they wait for it, so the most ever in flight is its own size.
        byte[] big = input(BOUND_MIB + 1);
        assertAllComeBack(List.of(big, input(1), input(1)));
        assertThat(peak()).isEqualTo(JavaSerialization.serialize(checksumOf(big), Integer.MAX_VALUE).length);
    }

    private void assertAllComeBack(List<byte[]> inputs) throws Exception {
        List<TaskFuture<Long>> futures = new ArrayList<>();
        for (byte[] in : inputs) {
            futures.add(tasks.submit(checksumOf(in)));
        }
        for (int i = 0; i < inputs.size(); i++) {
            assertThat(futures.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(checksum(inputs.get(i)));
        }
    }

    private long peak() {
        return (long) meters.get(SchedulerMetrics.PAYLOAD_IN_FLIGHT_PEAK).gauge().value();
    }

    private static byte[] input(int mib) {
        byte[] in = new byte[mib * 1024 * 1024];
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) (i * 31 + mib);
        }
        return in;
    }

    /** A task that carries {@code in} (captured, so it travels in the TaskInfo) and returns its checksum. */
    private static Task<Long> checksumOf(byte[] in) {
        return () -> checksum(in);
    }

    static long checksum(byte[] in) {
        long sum = in.length;
        for (byte b : in) {
            sum = sum * 31 + b;
        }
        return sum;
    }
}
