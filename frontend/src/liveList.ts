// The task list (/tasks) kept live through the event stream: each `tasks` event (a task moved) pokes a read of the
// page's own list (GET /api/tasks with the page's filter), at most once a second.
//
// Which pages move: the first page of the whole list or of a state filter (`data-live-list="rows"`), where the
// newest tasks are and an operator watches things happen, has its rows redrawn. Any other page — page 3, a search —
// is being read: its rows never move under the reader (`"banner"`); a line above the table says how many tasks on
// that page are not the ones shown, with a link that shows them. The counts of each state move on either.

import { getJson, type TaskListPage } from './api';
import { showStatus } from './bindings';
import { coalesce } from './coalesce';
import { connectLive, type LiveConnection, type LiveOptions } from './live';
import { showList } from './taskList';
import { showTaskRows } from './taskRows';

/** One read a second at most: rows that change faster than that cannot be read anyway. */
export const LIST_INTERVAL_MS = 1000;

export interface LiveListParts {
  open?: LiveOptions['open'];
  fetch?: typeof fetch;
  now?: () => number;
}

export function startLiveList(doc: Document, parts: LiveListParts = {}): LiveConnection | null {
  const table = doc.querySelector<HTMLElement>('#task-list[data-events]');
  const body = table?.querySelector<HTMLTableSectionElement>('tbody[data-tasks-api]');
  if (!table || !body) {
    return null; // a batch's page (its own script), or no table
  }
  const load = parts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const now = parts.now ?? Date.now;
  const moving = body.dataset.liveList === 'rows';
  const banner = doc.getElementById('list-changed');

  const read = async (): Promise<void> => {
    const list = await getJson<TaskListPage>(load, body.dataset.tasksApi!);
    showList(doc, list);
    if (moving) {
      showTaskRows(body, list.items, { task: body.dataset.taskLink!, executor: body.dataset.executorLink! }, now());
    } else if (banner) {
      showChanged(banner, body, list);
    }
  };
  const reads = coalesce(read, LIST_INTERVAL_MS, now);
  const connection = connectLive(
    table.dataset.events!,
    { tasks: () => reads.poke() },
    (state) => showStatus(doc, state),
    { open: parts.open },
  );
  return {
    close() {
      reads.stop();
      connection.close();
    },
  };
}

/** Shows (or hides) the line saying how many tasks of the page's answer are not among the rows shown. */
export function showChanged(banner: HTMLElement, body: HTMLTableSectionElement, list: TaskListPage): number {
  const shown = new Set<string>();
  for (const row of body.querySelectorAll<HTMLElement>('tr[data-id]')) {
    shown.add(row.dataset.id!);
  }
  const fresh = list.items.filter((task) => !shown.has(task.id)).length;
  const count = banner.querySelector<HTMLElement>('[data-changed-count]');
  if (count) {
    count.textContent = String(fresh);
  }
  banner.hidden = fresh === 0;
  return fresh;
}
