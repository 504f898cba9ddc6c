// The task list's live part, on a batch's page (/tasks?batch=…): while the batch is unfinished, the page reads
// GET /api/batches/{id} and then its own list (GET /api/tasks with the page's filter) at most twice a second, and
// shows the progress, the counts and the rows; once the batch has finished, it shows the last state and stops.
//
// Why reading rather than the event stream: the batch's counts and the filtered, paged list are one page's own
// questions, which the stream (the same snapshots for every client) does not answer; the API answers them as they
// are, the reads end by themselves with the batch, and a page left open on a finished batch costs nothing.

import type { BatchProgress, TaskListPage } from './api';
import { PHASES } from './api';
import { isFinished, showBatch } from './batchProgress';
import { applyEvent } from './bindings';
import { repeat, type Outcome, type Repeating } from './repeat';
import { showTaskRows } from './taskRows';

/** Two reads a second at most: a batch of quick tasks moves visibly, and a page costs the server little. */
export const INTERVAL_MS = 500;
/** After a read failed (the app restarting, a network hiccup). */
export const RETRY_MS = 5000;

/** What tests replace. */
export interface ListParts {
  fetch?: typeof fetch;
  now?: () => number;
}

/** An answer the page cannot go on with: the batch is gone, or reading needs a login the page no longer has. */
class Stop extends Error {}

export function startTaskList(doc: Document, parts: ListParts = {}): Repeating | null {
  const section = doc.querySelector<HTMLElement>('#batch-progress[data-batch-api]');
  const bar = section?.querySelector<HTMLElement>('[role="progressbar"]');
  if (!section || !bar || bar.getAttribute('aria-valuenow') === bar.getAttribute('aria-valuemax')) {
    return null; // no batch here, or one that had finished when the page was made: nothing will move
  }
  const load = parts.fetch ?? fetch.bind(window);
  const now = parts.now ?? Date.now;
  const body = doc.querySelector<HTMLTableSectionElement>('tbody[data-tasks-api]');
  const status = doc.getElementById('batch-live');
  const say = (state: string, text: string) => {
    if (status) {
      status.hidden = false;
      status.dataset.liveStatus = state;
      status.textContent = text;
    }
  };

  const read = async <T>(url: string): Promise<T> => {
    const response = await load(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (response.status === 404 || response.status === 401 || response.status === 403) {
      const problem = (await response.json().catch(() => ({}))) as { detail?: string };
      throw new Stop(problem.detail ?? `answered ${response.status}`);
    }
    if (!response.ok) {
      throw new Error(`answered ${response.status}`);
    }
    return (await response.json()) as T;
  };

  const round = async (): Promise<Outcome> => {
    try {
      const progress = await read<BatchProgress>(section.dataset.batchApi!);
      // Read after the batch, so that the rows are at least as new as the counts: a finished batch's last rows
      // show every task finished.
      const list = body ? await read<TaskListPage>(body.dataset.tasksApi!) : null;
      showBatch(section, progress);
      if (list && body) {
        showList(doc, list);
        showTaskRows(body, list.items, { task: body.dataset.taskLink!, executor: body.dataset.executorLink! }, now());
      }
      if (isFinished(progress)) {
        say('finished', 'finished');
        return 'done';
      }
      say('live', 'live');
      return 'again';
    } catch (e) {
      if (e instanceof Stop) {
        say('stopped', `not updated any more: ${e.message}`);
        return 'done';
      }
      say('reconnecting', `could not update (${(e as Error).message}); trying again`);
      return 'failed';
    }
  };

  return repeat(round, { intervalMs: INTERVAL_MS, retryMs: RETRY_MS, now });
}

/** The list's counts: "All (n)" and each phase's, and how many tasks and pages the filter gives. */
export function showList(doc: Document, list: TaskListPage): void {
  const byPhase: Record<string, number> = {};
  let all = 0;
  for (const phase of PHASES) {
    byPhase[phase] = list.byPhase[phase] ?? 0;
    all += byPhase[phase];
  }
  applyEvent(doc, 'list', { ...list, byPhase, all });
}
