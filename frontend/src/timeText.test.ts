import { describe, expect, it } from 'vitest';
import { ago, duration, epochMs, exact, queued, running, total } from './timeText';

// The same cases as the server's TimeTextTest: a row the script draws reads like one the server drew.
describe('timeText', () => {
  const now = Date.parse('2025-05-04T10:15:30.120Z');
  const before = (ms: number) => new Date(now - ms).toISOString();

  it('says how long ago in the largest whole unit', () => {
    expect(ago(before(400), now)).toBe('just now');
    expect(ago(before(-2000), now)).toBe('just now');
    expect(ago(before(3000), now)).toBe('3 s ago');
    expect(ago(before(299_000), now)).toBe('4 min ago');
    expect(ago(before(26 * 3600_000), now)).toBe('1 d ago');
    expect(ago(null, now)).toBe('');
  });

  it('writes the exact time in UTC to the millisecond, whatever precision the server sent', () => {
    expect(exact('2025-05-04T10:15:30.120Z')).toBe('2025-05-04 10:15:30.120 UTC');
    expect(exact('2025-05-04T10:15:30.120456789Z')).toBe('2025-05-04 10:15:30.120 UTC');
    expect(epochMs('2025-05-04T10:15:30.120456789Z')).toBe(now);
    expect(exact(null)).toBe('');
  });

  it('keeps two units at most', () => {
    expect(duration(850)).toBe('850 ms');
    expect(duration(3240)).toBe('3.2 s');
    expect(duration(42_000)).toBe('42 s');
    expect(duration(245_000)).toBe('4 min 5 s');
    expect(duration(600_000)).toBe('10 min');
    expect(duration(123 * 60_000)).toBe('2 h 3 min');
    expect(duration(76 * 3600_000)).toBe('3 d 4 h');
    expect(duration(-5)).toBe('0 ms');
  });

  it('rounds tenths half up as Java does, not as binary fractions fall', () => {
    expect(duration(1150)).toBe('1.2 s'); // (1.15).toFixed(1) is "1.1"
    expect(duration(9960)).toBe('10.0 s');
  });

  it('measures queued, running and total time until the end, or until now', () => {
    const task = { submitted: before(10_000), launched: before(9_000), started: before(8_500), finished: null };
    expect(queued(task, now)).toBe('1.0 s');
    expect(running(task, now)).toBe('8.5 s');
    expect(total(task, now)).toBe('10 s');
    const neverLaunched = { submitted: before(3000), launched: null, started: null, finished: before(1000) };
    expect(queued(neverLaunched, now)).toBe('2.0 s');
    expect(running(neverLaunched, now)).toBe('');
  });
});
