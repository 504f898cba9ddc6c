// The offers page's tables, drawn from GET /api/offers/rows as the server's template (offers.html) draws them:
// the server formats every value (OfferRows), the script only puts it in as text.

import { replaceRows } from './taskRows';

/** A held offer as the page shows it (HeldRow). */
export interface HeldRow {
  offerId: string;
  agent: string;
  resources: string;
  since: string;
  heldFor: string;
  holdEnds: string;
  why: string;
}

/** An offer decision as the page shows it (DecisionRow). */
export interface DecisionRow {
  at: string;
  agent: string;
  offerIds: string;
  offered: string;
  fate: string;
  what: string;
  launched: number;
  taskIds: string[];
  more: number;
  used: string;
}

/** GET /api/offers/rows. */
export interface OfferRows {
  held: HeldRow[];
  decisions: DecisionRow[];
}

function cell(row: HTMLTableRowElement, text = '', className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  row.append(td);
  return td;
}

function codeCell(row: HTMLTableRowElement, text: string): HTMLTableCellElement {
  const td = cell(row);
  const code = document.createElement('code');
  code.textContent = text;
  td.append(code);
  td.title = text;
  return td;
}

export function heldRow(offer: HeldRow): HTMLTableRowElement {
  const row = document.createElement('tr');
  codeCell(row, offer.offerId);
  cell(row, offer.agent).title = offer.agent;
  cell(row, offer.resources);
  cell(row, offer.since);
  cell(row, offer.heldFor);
  cell(row, offer.holdEnds);
  cell(row, offer.why, 'wrap');
  return row;
}

/** A decision's row; its tasks link to their pages (`taskLink` + id). */
export function decisionRow(decision: DecisionRow, taskLink: string): HTMLTableRowElement {
  const row = document.createElement('tr');
  cell(row, decision.at);
  cell(row, decision.agent).title = decision.agent;
  codeCell(row, decision.offerIds);
  cell(row, decision.offered);
  const fate = document.createElement('span');
  fate.className = `fate fate-${decision.fate}`;
  fate.textContent = decision.fate;
  cell(row).append(fate);
  cell(row, decision.what, 'wrap');
  const tasks = cell(row, '', 'wrap');
  decision.taskIds.forEach((id, i) => {
    const a = document.createElement('a');
    a.href = taskLink + encodeURIComponent(id);
    a.textContent = id;
    tasks.append(a);
    if (i < decision.taskIds.length - 1) {
      tasks.append(', ');
    }
  });
  if (decision.more > 0) {
    const more = document.createElement('span');
    more.textContent = ` and ${decision.more} more`;
    tasks.append(more);
  }
  cell(row, decision.used);
  return row;
}

/** Shows a table's rows, or its note ("No offer is held.") in place of the table when there are none. */
export function showTable(section: HTMLElement, rows: HTMLTableRowElement[]): number {
  const body = section.querySelector<HTMLTableSectionElement>('tbody');
  const table = section.querySelector<HTMLElement>('.table-scroll');
  const empty = section.querySelector<HTMLElement>('[data-empty-note]');
  if (!body) {
    return 0;
  }
  if (table) {
    table.hidden = rows.length === 0;
  }
  if (empty) {
    empty.hidden = rows.length !== 0;
  }
  return replaceRows(body, rows);
}
