// The rows of a task table, drawn from GET /api/tasks items as the server's template (tasks/list.html) draws them:
// every value as text (textContent, attributes), never as HTML. A row whose text did not change is left as it is,
// so that a selection in it survives a redraw.

import type { TaskView } from './api';
import { ago, exact, queued, running, total } from './timeText';

/** Where a row's links lead: the base of the task and executor pages, with the app's context path ("/tasks/"). */
export interface RowLinks {
  task: string;
  executor: string;
}

const COLUMNS = 10;

function cell(row: HTMLTableRowElement, text = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  row.append(td);
  return td;
}

function link(href: string, code: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  const c = document.createElement('code');
  c.textContent = code;
  a.append(c);
  return a;
}

/** One task's row, at `now` (epoch ms). */
export function taskRow(task: TaskView, links: RowLinks, now: number): HTMLTableRowElement {
  const row = document.createElement('tr');
  row.dataset.id = task.id;
  // Long ids and names are cut short by the style sheet: the whole of them on hover.
  const id = cell(row);
  id.title = task.id;
  id.append(link(links.task + encodeURIComponent(task.id), task.id));
  cell(row, task.name).title = task.name;
  cell(row, task.phase).className = `state-${task.phase}`;
  const agent = document.createElement('code');
  agent.textContent = task.agentId ?? '';
  const agentCell = cell(row);
  agentCell.append(agent);
  if (task.agentId !== null) {
    agentCell.title = task.agentId;
  }
  const executor = cell(row);
  if (task.executorId !== null) {
    executor.title = task.executorId;
    // The executor's id and the agent: the executors page goes on to its run there.
    const agent = task.agentId === null ? '' : `?agent=${encodeURIComponent(task.agentId)}`;
    executor.append(link(links.executor + encodeURIComponent(task.executorId) + agent, task.executorId));
  }
  cell(row, String(task.attempts));
  const submitted = document.createElement('time');
  submitted.className = 'ago';
  submitted.dateTime = task.submitted;
  submitted.title = exact(task.submitted);
  submitted.textContent = ago(task.submitted, now);
  cell(row).append(submitted);
  cell(row, queued(task, now));
  cell(row, running(task, now));
  cell(row, total(task, now));
  return row;
}

function emptyRow(): HTMLTableRowElement {
  const row = document.createElement('tr');
  row.dataset.empty = '';
  const td = cell(row, 'No tasks here.');
  td.colSpan = COLUMNS;
  td.className = 'muted';
  return row;
}

/** Makes the table body show `tasks`; returns how many rows it replaced, added or removed. */
export function showTaskRows(body: HTMLTableSectionElement, tasks: TaskView[], links: RowLinks, now: number): number {
  return replaceRows(body, tasks.length === 0 ? [emptyRow()] : tasks.map((task) => taskRow(task, links, now)));
}

/** Makes the table body hold `wanted`, replacing only the rows that differ; returns how many it touched. */
export function replaceRows(body: HTMLTableSectionElement, wanted: HTMLTableRowElement[]): number {
  let changed = 0;
  // Rows as children rather than body.rows, which not every DOM (happy-dom, for one) has.
  const rows = body.children;
  wanted.forEach((row, i) => {
    const current = rows.item(i);
    if (current === null) {
      body.append(row);
    } else if (current.outerHTML !== row.outerHTML) {
      current.replaceWith(row);
    } else {
      return;
    }
    changed++;
  });
  while (rows.length > wanted.length) {
    rows.item(rows.length - 1)!.remove();
    changed++;
  }
  return changed;
}
