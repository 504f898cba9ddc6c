// Turns many pokes into few reads: a read starts at once when none ran for `intervalMs`, else once the interval is
// over; never two at once; pokes that come while one runs or waits make one more read, not one each. The live
// pages poke on every event of the stream (a few a second at most) and read what changed from the API.

export interface Coalesced {
  poke(): void;
  stop(): void;
}

export function coalesce(
  read: () => Promise<unknown>,
  intervalMs: number,
  now: () => number = Date.now,
): Coalesced {
  let running = false;
  let wanted = false;
  let stopped = false;
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = async (): Promise<void> => {
    timer = undefined;
    if (stopped || running) {
      return;
    }
    const wait = last + intervalMs - now();
    if (wait > 0) {
      timer = setTimeout(run, wait);
      return;
    }
    wanted = false;
    running = true;
    last = now();
    try {
      await read();
    } catch {
      // The read says what went wrong itself; the next poke tries again.
    } finally {
      running = false;
    }
    if (wanted && !stopped && timer === undefined) {
      timer = setTimeout(run, Math.max(0, last + intervalMs - now()));
    }
  };

  return {
    poke() {
      if (stopped) {
        return;
      }
      wanted = true;
      if (!running && timer === undefined) {
        void run();
      }
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
