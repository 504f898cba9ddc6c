package io.ferry.web.live;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Tasks finished per second over the last minutes: the throughput chart's data.
 *
 * @param last      the epoch second of the last entry (the newest complete second)
 * @param perSecond tasks finished in each second, oldest first, ending at {@code last}
 */
public record Throughput(long last, List<Integer> perSecond) {

    public Throughput {
        perSecond = List.copyOf(perSecond);
    }

    /**
     * Whether the two hold the same counts for the same seconds, wherever they end: a window that only moved on by
     * seconds without finished tasks tells a client nothing it cannot work out from its own clock.
     */
    boolean sameCounts(Throughput other) {
        return nonZero().equals(other.nonZero());
    }

    /** The seconds with finished tasks and their counts, as {second, count} pairs, oldest first. */
    private List<List<Long>> nonZero() {
        long first = last - perSecond.size() + 1;
        return IntStream.range(0, perSecond.size())
                .filter(i -> perSecond.get(i) != 0)
                .mapToObj(i -> List.of(first + i, (long) perSecond.get(i)))
                .toList();
    }
}
