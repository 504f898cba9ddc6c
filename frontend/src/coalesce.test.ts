import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce';

describe('coalesce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads at once, then at most once an interval however many pokes come, never two at once', async () => {
    const started: number[] = [];
    let finish: () => void = () => undefined;
    const reads = coalesce(
      () => {
        started.push(Date.now());
        return new Promise<void>((resolve) => (finish = resolve));
      },
      1000,
    );
    const t0 = Date.now();
    reads.poke();
    for (let i = 0; i < 20; i++) {
      reads.poke();
    }
    expect(started).toEqual([t0]);

    await vi.advanceTimersByTimeAsync(1500);
    expect(started).toHaveLength(1); // the first read has not answered yet
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([t0, t0 + 1500]); // one more for all the pokes, once the first answered

    finish();
    await vi.advanceTimersByTimeAsync(5000);
    expect(started).toHaveLength(2); // no poke since: no read
    reads.poke();
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toHaveLength(3);
    reads.stop();
  });

  it('waits out the interval after a read before the next, and reads nothing once stopped', async () => {
    const started: number[] = [];
    const reads = coalesce(async () => void started.push(Date.now()), 1000);
    const t0 = Date.now();
    reads.poke();
    await vi.advanceTimersByTimeAsync(100);
    reads.poke();
    await vi.advanceTimersByTimeAsync(899);
    expect(started).toEqual([t0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([t0, t0 + 1000]);

    reads.poke();
    reads.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(started).toHaveLength(2);
  });

  it('goes on after a read that failed', async () => {
    let calls = 0;
    const reads = coalesce(async () => {
      calls++;
      throw new Error('answered 502');
    }, 1000);
    reads.poke();
    await vi.advanceTimersByTimeAsync(0);
    reads.poke();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2);
    reads.stop();
  });
});
