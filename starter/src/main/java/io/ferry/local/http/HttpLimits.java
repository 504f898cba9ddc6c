package io.ferry.local.http;

import java.time.Duration;

/**
 * What a loopback server accepts from a client and how long it waits for one.
 *
 * @param maxInitialLineBytes the longest request line; beyond it 414
 * @param maxHeaderBytes      the largest header (and trailer) section; beyond it 431
 * @param maxBodyBytes        the largest request body; beyond it 413. Calls carry task data and results (at most
 *                            64 MB, ferry.executor.max-result-size), base64 in JSON: 128 MiB leaves room for both
 * @param requestTimeout      how long a request may stay half-sent without a byte arriving; then 408 and close.
 *                            An idle keep-alive connection between requests never times out (clients keep them
 *                            for calls that may come minutes apart, as libprocess allows)
 * @param stallTimeout        how long a response (an event stream above all) may wait for a client that does not
 *                            read; then the connection closes and the writer gets an IOException
 * @param eventLoopThreads    the event-loop threads shared by every server of the group. One by default: the
 *                            local cluster's master and agents run on it too ({@link
 *                            LoopbackServerGroup#sharedThread()}), and a second thread would hand half the calls
 *                            over to it. Measured with the benchmark and async-profiler, the one thread does the
 *                            cluster's work at 35,000 tasks/s in about half of its time
 * @param workerThreads       the threads that run the handlers that may block, at most one per connection at a time
 */
public record HttpLimits(int maxInitialLineBytes, int maxHeaderBytes, int maxBodyBytes, Duration requestTimeout,
                         Duration stallTimeout, int eventLoopThreads, int workerThreads) {

    public static final HttpLimits DEFAULTS = new HttpLimits(8 * 1024, 16 * 1024, 128 << 20, Duration.ofSeconds(30),
            Duration.ofSeconds(30), 1, 16);

    public HttpLimits {
        if (maxInitialLineBytes <= 0 || maxHeaderBytes <= 0 || maxBodyBytes <= 0 || eventLoopThreads <= 0
                || workerThreads <= 0 || requestTimeout.isNegative() || requestTimeout.isZero()
                || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("Invalid HTTP limits: " + this);
        }
    }

    public HttpLimits withRequestTimeout(Duration timeout) {
        return new HttpLimits(maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, timeout, stallTimeout,
                eventLoopThreads, workerThreads);
    }

    public HttpLimits withStallTimeout(Duration timeout) {
        return new HttpLimits(maxInitialLineBytes, maxHeaderBytes, maxBodyBytes, requestTimeout, timeout,
                eventLoopThreads, workerThreads);
    }
}
