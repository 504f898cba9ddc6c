import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskListPage, TaskView } from './api';
import { FakeEventSource } from './fakes';
import { LIST_INTERVAL_MS, startLiveList } from './liveList';
import { task } from './sampleTasks';

function page(items: TaskView[], total = items.length): TaskListPage {
  return { items, page: 1, size: 50, total, pages: 1, byPhase: { RUNNING: total } };
}

describe('startLiveList', () => {
  let answer: TaskListPage;
  let asked: string[];
  const fetch = (async (url: RequestInfo | URL) => {
    asked.push(String(url));
    return new Response(JSON.stringify(answer), { status: 200 });
  }) as typeof globalThis.fetch;
  const ids = () => [...document.querySelectorAll<HTMLElement>('tbody tr[data-id]')].map((r) => r.dataset.id);

  const render = (mode: 'rows' | 'banner') => {
    document.body.innerHTML = `
      <span id="total" data-live="list.total">1</span><span data-live-status hidden></span>
      <p id="list-changed" hidden><span data-changed-count>0</span> new: <a href="/ctx/tasks?page=3">show</a></p>
      <table id="task-list" data-events="/ctx/api/events"><tbody data-tasks-api="/ctx/api/tasks?page=3"
        data-task-link="/ctx/tasks/" data-executor-link="/ctx/executors/" data-live-list="${mode}">
        <tr data-id="t1"><td>t1</td></tr></tbody></table>`;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.reset();
    asked = [];
    answer = page([task({ id: 't2', phase: 'RUNNING' }), task({ id: 't1', phase: 'RUNNING' })]);
  });

  afterEach(() => vi.useRealTimers());

  it('redraws the first page\'s rows on the stream\'s tasks events, at most once a second', async () => {
    render('rows');
    const list = startLiveList(document, { open: FakeEventSource.open, fetch })!;
    const source = FakeEventSource.opened[0];
    expect(source.url).toBe('/ctx/api/events');
    source.accept();
    expect(document.querySelector<HTMLElement>('[data-live-status]')!.dataset.liveStatus).toBe('live');
    expect(asked).toEqual([]); // nothing read before anything moved

    source.emit('tasks', { recent: [] });
    await vi.advanceTimersByTimeAsync(0);
    expect(ids()).toEqual(['t2', 't1']);
    expect(document.getElementById('total')!.textContent).toBe('2');

    for (let i = 0; i < 10; i++) {
      source.emit('tasks', { recent: [] });
    }
    answer = page([task({ id: 't3' })]);
    await vi.advanceTimersByTimeAsync(LIST_INTERVAL_MS);
    expect(asked).toHaveLength(2);
    expect(ids()).toEqual(['t3']);
    list.close();
    expect(source.closed).toBe(true);
  });

  it('keeps another page\'s rows still and says how many tasks belong there instead', async () => {
    render('banner');
    startLiveList(document, { open: FakeEventSource.open, fetch });
    const source = FakeEventSource.opened[0];
    source.emit('tasks', { recent: [] });
    await vi.advanceTimersByTimeAsync(0);

    expect(ids()).toEqual(['t1']);
    const banner = document.getElementById('list-changed')!;
    expect(banner.hidden).toBe(false);
    expect(banner.querySelector('[data-changed-count]')!.textContent).toBe('1');
    expect(document.getElementById('total')!.textContent).toBe('2'); // the counts move all the same

    answer = page([task({ id: 't1' })]);
    source.emit('tasks', { recent: [] });
    await vi.advanceTimersByTimeAsync(LIST_INTERVAL_MS);
    expect(banner.hidden).toBe(true);
  });

  it('starts nothing on a batch\'s page (its table has no stream)', () => {
    render('rows');
    document.getElementById('task-list')!.removeAttribute('data-events');
    expect(startLiveList(document, { open: FakeEventSource.open, fetch })).toBeNull();
    expect(FakeEventSource.opened).toHaveLength(0);
  });
});
