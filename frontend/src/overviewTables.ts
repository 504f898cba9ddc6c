// The overview's tables kept live from the stream's own events, with no read of their own: "Offers held" and
// "Last packing round" from each `offers` event, "Recent tasks" from each `tasks` event (the server publishes
// either only when it changed). The rows read as the server's template (dashboard.html) renders them: the same
// fields as text, and amounts written as Formats.amount writes them.

import type { OffersSnapshot, RecentTasks } from './events';
import { replaceRows } from './taskRows';

/** As the server's Formats.amount: rounded to thousandths (Mesos keeps three), as many decimals as it has. */
export function amount(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function row(...texts: (string | number | null)[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const text of texts) {
    const td = document.createElement('td');
    td.textContent = text === null ? '' : String(text);
    tr.append(td);
  }
  return tr;
}

/** Redraws the held offers' rows and the last packing round's lines; returns how many rows or lines changed. */
export function showOffers(doc: Document, offers: OffersSnapshot): number {
  let changed = 0;
  const held = doc.querySelector<HTMLTableSectionElement>('#held-offers tbody');
  if (held) {
    changed += replaceRows(held, offers.offers.map((o) => row(o.offerId, o.agentId, amount(o.cpus), amount(o.memMb))));
  }
  const round = doc.getElementById('last-round');
  if (round) {
    const lines = offers.lastOutcomes.map((o) => `${o.agentId}: ${o.note}`);
    const current = Array.from(round.children, (li) => li.textContent);
    if (current.length !== lines.length || current.some((text, i) => text !== lines[i])) {
      round.replaceChildren(...lines.map((text) => {
        const li = doc.createElement('li');
        li.textContent = text;
        return li;
      }));
      changed += lines.length;
    }
  }
  return changed;
}

/** Redraws the recent tasks' rows; returns how many changed. */
export function showRecentTasks(doc: Document, tasks: RecentTasks): number {
  const body = doc.querySelector<HTMLTableSectionElement>('#tasks tbody');
  if (!body) {
    return 0;
  }
  return replaceRows(body, tasks.recent.map((t) => row(t.id, t.name, t.phase, t.agentId, t.attempts, t.outcome)));
}
