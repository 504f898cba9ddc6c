import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Series } from './throughput';
import { FakeEventSource } from './fakes';
import { CHART_SECONDS, startDashboard } from './page';
import { overview } from './sample';

describe('startDashboard', () => {
  let drawn: Series[];
  let now: number;
  const parts = () => ({
    open: FakeEventSource.open,
    chart: () => ({ update: (series: Series) => drawn.push(series) }),
    now: () => now,
  });

  beforeEach(() => {
    FakeEventSource.reset();
    vi.useFakeTimers();
    drawn = [];
    now = 1_000_000;
    document.body.innerHTML = `
      <span data-live-status hidden></span>
      <dd id="queued" data-live="overview.queued">0</dd>
      <span id="offers" data-live="offers.offers.length">0</span>
      <div data-chart="throughput"></div>
      <div data-chart="stream"></div>`;
    document.body.dataset.events = '/ctx/api/events';
  });

  afterEach(() => {
    vi.useRealTimers();
    delete document.body.dataset.events;
  });

  it('connects to the page\'s stream and keeps the figures and the chart up to date', () => {
    const page = startDashboard(document, parts())!;
    const source = FakeEventSource.opened[0];
    source.accept();
    source.emit('overview', overview({ queued: 5, throughput: { last: 500, perSecond: [4, 6] } }));
    source.emit('offers', { offers: [{}, {}], lastOutcomes: [] });

    expect(source.url).toBe('/ctx/api/events');
    expect(document.getElementById('queued')!.textContent).toBe('5');
    expect(document.getElementById('offers')!.textContent).toBe('2');
    expect(document.querySelector<HTMLElement>('[data-live-status]')!.dataset.liveStatus).toBe('live');
    const [seconds, counts] = drawn.at(-1)!;
    expect(seconds).toHaveLength(CHART_SECONDS);
    expect(seconds.at(-1)).toBe(500);
    expect(counts.slice(-2)).toEqual([4, 6]);
    page.close();
  });

  it('redraws the offers held and the recent tasks from their events', () => {
    document.body.insertAdjacentHTML('beforeend', `
      <section id="held-offers"><table><tbody></tbody></table><ul id="last-round"></ul></section>
      <table id="tasks"><tbody><tr><td>as loaded</td></tr></tbody></table>`);
    const page = startDashboard(document, parts())!;
    const source = FakeEventSource.opened[0];
    source.accept();
    source.emit('offers', { offers: [{ offerId: 'o-9', agentId: 'a-1', hostname: 'h', cpus: 2, memMb: 512,
      executorIds: [] }], lastOutcomes: [] });
    source.emit('tasks', { recent: [{ id: 't7', name: 'hello', phase: 'SUCCEEDED', agentId: 'a-1', attempts: 1,
      changed: '2026-01-01T00:00:00Z', outcome: '42' }] });
    expect(Array.from(document.querySelectorAll('#held-offers td'), (td) => td.textContent))
      .toEqual(['o-9', 'a-1', '2', '512']);
    expect(Array.from(document.querySelectorAll('#tasks td'), (td) => td.textContent))
      .toEqual(['t7', 'hello', 'SUCCEEDED', 'a-1', '1', '42']);
    page.close();
  });

  it('hands the stream\'s bars to the task stream', () => {
    const added: unknown[] = [];
    const page = startDashboard(document, {
      ...parts(),
      stream: () => ({ add: (event) => added.push(event), close: () => undefined }),
    })!;
    const source = FakeEventSource.opened[0];
    source.accept();
    const event = { bars: [{ id: '1', name: 'hello', executorId: 'e1', agentId: 'a1',
      start: '2026-01-01T00:00:00Z', end: null, outcome: 'running' }], omitted: 0, seq: 1, window: false, dropped: 0 };
    source.emit('stream', event);
    expect(added).toEqual([event]);
    page.close();
  });

  it('mends a gap in the stream with the window from the page\'s stream API', async () => {
    document.querySelector<HTMLElement>('[data-chart="stream"]')!.dataset.streamApi = '/ctx/api/stream';
    const added: unknown[] = [];
    let gap: () => void = () => undefined;
    const windowEvent = { seq: 9, window: true, bars: [], omitted: 0, dropped: 0 };
    const asked: string[] = [];
    const page = startDashboard(document, {
      ...parts(),
      stream: (_box, _now, onGap) => {
        gap = onGap;
        return { add: (event) => added.push(event), close: () => undefined };
      },
      fetch: (async (url: string) => {
        asked.push(url);
        return new Response(JSON.stringify(windowEvent), { status: 200 });
      }) as unknown as typeof fetch,
    })!;
    gap();
    await vi.waitFor(() => expect(added).toEqual([windowEvent]));
    expect(asked).toEqual(['/ctx/api/stream']);
    page.close();
  });

  it('moves the chart on by itself while the server is quiet', () => {
    const page = startDashboard(document, parts())!;
    FakeEventSource.opened[0].emit('overview', overview({ throughput: { last: 500, perSecond: [4] } }));
    const before = drawn.length;

    now += 3_000;
    vi.advanceTimersByTime(1_000);

    expect(drawn.length).toBe(before + 1);
    expect(drawn.at(-1)![0].at(-1)).toBe(503);
    expect(drawn.at(-1)![1].slice(-4)).toEqual([4, 0, 0, 0]);
    page.close();
  });

  it('starts nothing on a page without a stream', () => {
    delete document.body.dataset.events;
    expect(startDashboard(document, parts())).toBeNull();
    expect(FakeEventSource.opened).toHaveLength(0);
  });
});
