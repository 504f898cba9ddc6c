import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { repeat, type Outcome } from './repeat';

describe('repeat', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  /** A round that answers what `outcomes` says, after `takesMs`, noting when it started. */
  function rounds(outcomes: Outcome[], takesMs = 0) {
    const starts: number[] = [];
    const round = async (): Promise<Outcome> => {
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, takesMs));
      return outcomes.shift() ?? 'again';
    };
    return { starts, round };
  }

  it('starts rounds at most once per interval, and stops when a round is done', async () => {
    const { starts, round } = rounds(['again', 'again', 'done'], 100);
    const t0 = Date.now();
    repeat(round, { intervalMs: 500, retryMs: 5000 });

    await vi.advanceTimersByTimeAsync(5000);

    expect(starts.map((t) => t - t0)).toEqual([0, 500, 1000]);
  });

  it('never overlaps: a slow round delays the next', async () => {
    const { starts, round } = rounds(['again', 'done'], 800);
    const t0 = Date.now();
    repeat(round, { intervalMs: 500, retryMs: 5000 });

    await vi.advanceTimersByTimeAsync(5000);

    expect(starts.map((t) => t - t0)).toEqual([0, 800]);
  });

  it('waits longer after a failure, including a thrown one', async () => {
    const starts: number[] = [];
    let calls = 0;
    const t0 = Date.now();
    repeat(async () => {
      starts.push(Date.now() - t0);
      calls++;
      if (calls === 1) {
        throw new Error('boom');
      }
      return calls === 2 ? 'failed' : 'done';
    }, { intervalMs: 500, retryMs: 3000 });

    await vi.advanceTimersByTimeAsync(10_000);

    expect(starts).toEqual([0, 3000, 6000]);
  });

  it('runs no round once stopped', async () => {
    const { starts, round } = rounds([]);
    const repeating = repeat(round, { intervalMs: 500, retryMs: 5000 });
    await vi.advanceTimersByTimeAsync(1200);
    repeating.stop();
    const before = starts.length;

    await vi.advanceTimersByTimeAsync(5000);

    expect(before).toBe(3);
    expect(starts).toHaveLength(before);
  });
});
