/**
 * The dashboard's live data: {@code GET /api/events}, a server-sent event stream of coalesced snapshots
 * ({@code overview}, {@code offers}, {@code tasks}, and the task stream's {@code stream}).
 *
 * <p>Three kinds of threads, so that nobody waits on a browser: the scheduler's loop publishes its state and knows
 * nothing of this package; one publisher thread ({@link io.ferry.web.live.LiveFeed}) reads those published
 * snapshots every {@code LiveFeed.TICK}, turns what changed into frames and hands them to every client's mailbox
 * (never blocking: a mailbox keeps only the newest frame of each type); a small pool of writer threads drains the
 * mailboxes onto the connections. A client whose write stays stuck is dropped; its browser reconnects and gets the
 * current state at once. The publisher follows the tasks through the scheduler's counts by phase and its feed of
 * changed tasks ({@link io.ferry.web.live.TaskCensus}), so a round costs what changed, not the history.
 *
 * <p>The task stream is the one part that is not a snapshot: the publisher keeps its last five minutes
 * ({@link io.ferry.web.live.StreamWindow}, bounded) and sends a client that window when it connects or falls more
 * than a few diffs behind, and numbered diffs otherwise; {@code GET /api/stream} answers the window alone.
 *
 * <p>Uses the scheduler's published views and {@code io.ferry.api}; never {@code io.ferry.web} (which uses it).
 */
package io.ferry.web.live;
