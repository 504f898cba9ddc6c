// Runs a round of work again and again: never two at once, each start at least `intervalMs` after the one before
// (a slow answer delays the next round rather than piling rounds up), `retryMs` after a round that failed, until
// a round says it is done or the caller stops it.

export type Outcome = 'again' | 'done' | 'failed';

export interface Repeating {
  stop(): void;
}

export interface RepeatOptions {
  intervalMs: number;
  retryMs: number;
  /** The clock, in milliseconds; default Date.now. */
  now?: () => number;
}

export function repeat(round: () => Promise<Outcome>, options: RepeatOptions): Repeating {
  const now = options.now ?? Date.now;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = async (): Promise<void> => {
    timer = undefined;
    const started = now();
    let outcome: Outcome;
    try {
      outcome = await round();
    } catch {
      outcome = 'failed';
    }
    if (stopped || outcome === 'done') {
      return;
    }
    const wait = outcome === 'failed' ? options.retryMs : options.intervalMs - (now() - started);
    if (wait > 0) {
      timer = setTimeout(run, wait);
    } else {
      void run(); // the round took the whole interval: the next one is due
    }
  };

  void run();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
