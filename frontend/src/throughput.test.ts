import { describe, expect, it } from 'vitest';
import { ThroughputRing } from './throughput';

describe('ThroughputRing', () => {
  it('is empty before any data', () => {
    const ring = new ThroughputRing(5);
    expect(ring.series()).toEqual([[], []]);
    expect(ring.advance(10_000)).toBe(false);
  });

  it('pads a short window with zeros in front and keeps the newest of a long one', () => {
    const ring = new ThroughputRing(4);
    ring.replace({ last: 100, perSecond: [3, 4] }, 0);
    expect(ring.series()).toEqual([[97, 98, 99, 100], [0, 0, 3, 4]]);

    ring.replace({ last: 200, perSecond: [1, 2, 3, 4, 5, 6] }, 0);
    expect(ring.series()).toEqual([[197, 198, 199, 200], [3, 4, 5, 6]]);
  });

  it('moves on with zeros by the time elapsed since the server said where it was', () => {
    const ring = new ThroughputRing(4);
    ring.replace({ last: 100, perSecond: [1, 2, 3, 4] }, 50_000);

    expect(ring.advance(50_999)).toBe(false);
    expect(ring.advance(52_000)).toBe(true);
    expect(ring.series()).toEqual([[99, 100, 101, 102], [3, 4, 0, 0]]);
    expect(ring.advance(52_500)).toBe(false);
  });

  it('does not drift: each step counts from the anchor, not from the previous step', () => {
    const ring = new ThroughputRing(10);
    ring.replace({ last: 0, perSecond: [9] }, 0);
    for (let ms = 900; ms <= 5_400; ms += 900) {
      ring.advance(ms);
    }
    expect(ring.series()[0].at(-1)).toBe(5);
  });

  it('empties after a pause longer than its window', () => {
    const ring = new ThroughputRing(3);
    ring.replace({ last: 10, perSecond: [5, 5, 5] }, 0);
    ring.advance(60_000);
    expect(ring.series()).toEqual([[68, 69, 70], [0, 0, 0]]);
  });

  it('refuses a window that is not a positive whole number of seconds', () => {
    expect(() => new ThroughputRing(0)).toThrow(RangeError);
    expect(() => new ThroughputRing(2.5)).toThrow(RangeError);
  });
});
