import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchProgress, TaskListPage, TaskView } from './api';
import { batch, task } from './sampleTasks';
import { INTERVAL_MS, RETRY_MS, startTaskList } from './taskList';

/** The server's side: what each URL answers now, and which were asked, when. */
class FakeServer {
  progress: BatchProgress = batch();
  items: TaskView[] = [];
  status = 200;
  readonly asked: { url: string; at: number }[] = [];

  readonly fetch = (async (url: RequestInfo | URL) => {
    this.asked.push({ url: String(url), at: Date.now() });
    if (this.status !== 200) {
      return new Response(JSON.stringify({ detail: 'no batch b3' }), { status: this.status });
    }
    const body = String(url).startsWith('/ctx/api/batches/')
      ? this.progress
      : ({ items: this.items, page: 1, size: 50, total: this.items.length, pages: 1,
          byPhase: { RUNNING: this.items.length } } satisfies TaskListPage);
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;

  batchReads(): number[] {
    return this.asked.filter((a) => a.url.includes('/api/batches/')).map((a) => a.at);
  }
}

describe('startTaskList', () => {
  let server: FakeServer;
  const text = (selector: string) => document.querySelector(selector)!.textContent;

  beforeEach(() => {
    vi.useFakeTimers();
    server = new FakeServer();
    document.body.innerHTML = `
      <section id="batch-progress" data-batch-api="/ctx/api/batches/b3">
        <span id="batch-live" hidden></span>
        <div role="progressbar" aria-valuenow="0" aria-valuemax="10"><span data-bar="done"></span></div>
        <span id="finished" data-live="batch.finished">0</span> <span id="done" data-live="batch.done">0</span>
      </section>
      <span id="all" data-live="list.all">0</span> <span id="queued" data-live="list.byPhase.QUEUED">3</span>
      <span id="running" data-live="list.byPhase.RUNNING">0</span>
      <table><tbody data-tasks-api="/ctx/api/tasks?batch=b3" data-task-link="/ctx/tasks/"
        data-executor-link="/ctx/executors/"><tr data-empty><td>No tasks here.</td></tr></tbody></table>`;
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads the batch, then its rows, about twice a second until the batch has finished', async () => {
    server.progress = batch({ running: 2, queued: 8 });
    server.items = [task({ id: 't1-1', phase: 'RUNNING' }), task({ id: 't1-2', phase: 'RUNNING' })];
    const t0 = Date.now();
    startTaskList(document, { fetch: server.fetch });
    await vi.advanceTimersByTimeAsync(0);

    expect(server.asked.map((a) => a.url)).toEqual(['/ctx/api/batches/b3', '/ctx/api/tasks?batch=b3']);
    expect(document.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(text('#running')).toBe('2');
    expect(text('#queued')).toBe('0');
    expect(text('#all')).toBe('2');
    expect(text('#batch-live')).toBe('live');

    await vi.advanceTimersByTimeAsync(2 * INTERVAL_MS);
    server.progress = batch({ done: 10, queued: 0, finished: 10 });
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    const reads = server.batchReads().length;
    await vi.advanceTimersByTimeAsync(10 * INTERVAL_MS);

    expect(server.batchReads().map((at) => at - t0)).toEqual([0, 500, 1000, 1500]);
    expect(server.batchReads()).toHaveLength(reads);
    expect(text('#finished')).toBe('10');
    expect(text('#done')).toBe('10');
    expect(document.querySelector<HTMLElement>('[data-bar="done"]')!.style.width).toBe('100.0%');
    expect(text('#batch-live')).toBe('finished');
  });

  it('tries again later after a failed read, and stops for a batch that is gone', async () => {
    server.status = 503;
    startTaskList(document, { fetch: server.fetch });
    await vi.advanceTimersByTimeAsync(0);
    expect(text('#batch-live')).toContain('trying again');

    await vi.advanceTimersByTimeAsync(RETRY_MS - 1);
    expect(server.batchReads()).toHaveLength(1);
    server.status = 404;
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(10 * RETRY_MS);

    expect(server.batchReads()).toHaveLength(2);
    expect(text('#batch-live')).toBe('not updated any more: no batch b3');
  });

  it('starts nothing for a batch that had finished when the page was made, or on a page without one', async () => {
    document.querySelector('[role="progressbar"]')!.setAttribute('aria-valuenow', '10');
    expect(startTaskList(document, { fetch: server.fetch })).toBeNull();
    document.body.innerHTML = '<table><tbody data-tasks-api="/ctx/api/tasks"></tbody></table>';
    expect(startTaskList(document, { fetch: server.fetch })).toBeNull();
    await vi.advanceTimersByTimeAsync(5000);

    expect(server.asked).toHaveLength(0);
  });
});
