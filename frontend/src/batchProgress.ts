// Puts a batch's progress (GET /api/batches/{id}) into its section of the task list: the counts marked
// data-live="batch.<field>" (through the same bindings as the dashboard's events), the bar's segments marked
// data-bar="<field>[,<field>…]" (each as wide as its share of the batch) and the bar's aria-valuenow.

import type { BatchProgress } from './api';
import { applyEvent } from './bindings';

/** A count's share of the batch, in percent with one decimal, as BatchProgress.percent writes it. */
export function percent(count: number, total: number): string {
  return total === 0 ? '0' : (Math.round((1000 * count) / total) / 10).toFixed(1);
}

/** Whether every task of the batch has finished (or is forgotten, which only a finished task can be). */
export function isFinished(progress: BatchProgress): boolean {
  return progress.finished >= progress.total;
}

export function showBatch(section: HTMLElement, progress: BatchProgress): void {
  applyEvent(section, 'batch', progress);
  const counts = progress as unknown as Record<string, unknown>;
  for (const segment of section.querySelectorAll<HTMLElement>('[data-bar]')) {
    const count = segment.dataset.bar!.split(',')
      .reduce((sum, field) => sum + (typeof counts[field] === 'number' ? (counts[field] as number) : 0), 0);
    const width = `${percent(count, progress.total)}%`;
    if (segment.style.width !== width) {
      segment.style.width = width;
    }
  }
  const bar = section.querySelector<HTMLElement>('[role="progressbar"]');
  bar?.setAttribute('aria-valuenow', String(progress.finished));
}
