import { beforeEach, describe, expect, it } from 'vitest';
import { isFinished, percent, showBatch } from './batchProgress';
import { batch } from './sampleTasks';

describe('showBatch', () => {
  let section: HTMLElement;
  const text = (field: string) => section.querySelector(`[data-live="batch.${field}"]`)!.textContent;
  const width = (bar: string) => section.querySelector<HTMLElement>(`[data-bar="${bar}"]`)!.style.width;

  beforeEach(() => {
    document.body.innerHTML = `
      <section id="batch-progress">
        <div role="progressbar" aria-valuenow="0" aria-valuemax="10">
          <span data-bar="done" style="width: 0.0%"></span><span data-bar="failed"></span>
          <span data-bar="cancelled,forgotten"></span><span data-bar="running"></span></div>
        <span data-live="batch.finished">0</span> of <span data-live="batch.total">10</span>:
        <span data-live="batch.done">0</span> <span data-live="batch.running">0</span>
        <span data-live="batch.queued">10</span>
        <span id="forgotten" data-live-show="batch.forgotten" hidden><span data-live="batch.forgotten">0</span></span>
      </section>`;
    section = document.getElementById('batch-progress')!;
  });

  it('shows the counts, the bar\'s segments and how far the bar is', () => {
    showBatch(section, batch({ done: 6, failed: 1, cancelled: 1, forgotten: 1, running: 1, queued: 0, finished: 9 }));

    expect(text('finished')).toBe('9');
    expect(text('done')).toBe('6');
    expect(text('running')).toBe('1');
    expect(text('queued')).toBe('0');
    expect(text('forgotten')).toBe('1');
    expect(document.getElementById('forgotten')!.hidden).toBe(false);
    expect(width('done')).toBe('60.0%');
    expect(width('failed')).toBe('10.0%');
    expect(width('cancelled,forgotten')).toBe('20.0%');
    expect(width('running')).toBe('10.0%');
    expect(section.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('9');
  });

  it('writes shares as the server does, one decimal', () => {
    expect(percent(1, 3)).toBe('33.3');
    expect(percent(2, 3)).toBe('66.7');
    expect(percent(0, 0)).toBe('0');
    expect(percent(10, 10)).toBe('100.0');
  });

  it('knows a batch is finished when every task is', () => {
    expect(isFinished(batch({ finished: 9 }))).toBe(false);
    expect(isFinished(batch({ finished: 10 }))).toBe(true);
  });
});
