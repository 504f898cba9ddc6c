// The offers page (/offers) kept live: each `offers` event of the stream (an offer came, went or was decided)
// pokes a read of GET /api/offers/rows, at most once a second, and both tables are redrawn from it. The page is
// the newest first already, and short (300 decisions at most), so its rows may move: nobody pages through it.

import { getJson } from './api';
import { applyEvent, showStatus } from './bindings';
import { coalesce } from './coalesce';
import { connectLive, type LiveConnection, type LiveOptions } from './live';
import { decisionRow, heldRow, showTable, type OfferRows } from './offerRows';

export const OFFERS_INTERVAL_MS = 1000;

export interface OffersParts {
  open?: LiveOptions['open'];
  fetch?: typeof fetch;
  now?: () => number;
}

export function startOffersPage(doc: Document, parts: OffersParts = {}): LiveConnection | null {
  const page = doc.querySelector<HTMLElement>('#offers-page[data-events][data-rows-api]');
  const held = doc.getElementById('held-offers');
  const decisions = doc.getElementById('offer-decisions');
  if (!page || !held || !decisions) {
    return null;
  }
  const load = parts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const read = async (): Promise<void> => {
    const rows = await getJson<OfferRows>(load, page.dataset.rowsApi!);
    applyEvent(doc, 'rows', rows);
    showTable(held, rows.held.map(heldRow));
    showTable(decisions, rows.decisions.map((d) => decisionRow(d, page.dataset.taskLink ?? '')));
  };
  const reads = coalesce(read, OFFERS_INTERVAL_MS, parts.now);
  const connection = connectLive(
    page.dataset.events!,
    { offers: () => reads.poke() },
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
