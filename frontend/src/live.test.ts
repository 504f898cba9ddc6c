import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource } from './fakes';
import { connectLive, type Status } from './live';
import { overview } from './sample';

describe('connectLive', () => {
  let statuses: Status[];

  beforeEach(() => {
    FakeEventSource.reset();
    statuses = [];
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('hands each event type its parsed data, and says when the stream is live', () => {
    const seen: unknown[] = [];
    connectLive('/api/events', { overview: (o) => seen.push(o.queued), tasks: (t) => seen.push(t.recent.length) },
      (s) => statuses.push(s), { open: FakeEventSource.open });
    const source = FakeEventSource.opened[0];

    source.accept();
    source.emit('overview', overview({ queued: 9 }));
    source.emit('tasks', { recent: [] });
    source.emit('offers', { offers: [], lastOutcomes: [] });

    expect(source.url).toBe('/api/events');
    expect(seen).toEqual([9, 0]);
    expect(statuses).toEqual(['connecting', 'live']);
  });

  it('skips data that is not JSON and goes on', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const seen: number[] = [];
    connectLive('/e', { overview: (o) => seen.push(o.queued) }, () => {}, { open: FakeEventSource.open });
    const source = FakeEventSource.opened[0];

    source.emit('overview', '{not json');
    source.emit('overview', overview({ queued: 1 }));

    expect(seen).toEqual([1]);
  });

  it('leaves a passing network error to the browser, which reconnects by itself', () => {
    connectLive('/e', {}, (s) => statuses.push(s), { open: FakeEventSource.open, retryMs: 1000 });
    FakeEventSource.opened[0].fail(false);
    vi.advanceTimersByTime(10_000);

    expect(FakeEventSource.opened).toHaveLength(1);
    expect(statuses).toEqual(['connecting', 'reconnecting']);
  });

  it('opens a new connection, after a while, when the browser gave up on one', () => {
    connectLive('/e', {}, (s) => statuses.push(s), { open: FakeEventSource.open, retryMs: 1000 });
    const first = FakeEventSource.opened[0];
    first.fail(true);

    vi.advanceTimersByTime(999);
    expect(FakeEventSource.opened).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(first.closed).toBe(true);
    FakeEventSource.opened[1].accept();
    expect(statuses).toEqual(['connecting', 'reconnecting', 'live']);
  });

  it('stops for good when closed, even with a retry pending', () => {
    const connection = connectLive('/e', {}, () => {}, { open: FakeEventSource.open, retryMs: 1000 });
    FakeEventSource.opened[0].fail(true);
    connection.close();
    vi.advanceTimersByTime(5_000);

    expect(FakeEventSource.opened).toHaveLength(1);
  });
});
