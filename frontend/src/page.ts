// The dashboard page's live parts: bound figures, the stream's status, the throughput chart, the task stream, and the
// tables of offers and recent tasks. The page carries the stream's URL in <body data-events="…"> (with the app's
// context path); without it, nothing starts.

import { applyEvent, showStatus } from './bindings';
import { mountThroughputChart, type Chart } from './chart';
import { showOffers, showRecentTasks } from './overviewTables';
import { connectLive, type LiveConnection, type LiveOptions } from './live';
import { ThroughputRing } from './throughput';
import { mountTaskStream, type TaskStreamView } from './taskStream';
import type { TaskStreamEvent } from './events';

/** The server's window (LiveFeed.THROUGHPUT_SECONDS): five minutes. */
export const CHART_SECONDS = 300;

/** What tests replace: the connection, the chart (a canvas), the clock. */
export interface PageParts {
  open?: LiveOptions['open'];
  chart?: (container: HTMLElement) => Chart;
  stream?: (container: HTMLElement, now: () => number, onGap: () => void) => TaskStreamView;
  fetch?: typeof fetch;
  now?: () => number;
}

export function startDashboard(doc: Document, parts: PageParts = {}): LiveConnection | null {
  const url = doc.body.dataset.events;
  if (!url) {
    return null;
  }
  const now = parts.now ?? Date.now;
  const ring = new ThroughputRing(CHART_SECONDS);
  const container = doc.querySelector<HTMLElement>('[data-chart="throughput"]');
  const chart = container ? (parts.chart ?? mountThroughputChart)(container) : null;
  const redraw = () => chart?.update(ring.series());
  const streamBox = doc.querySelector<HTMLElement>('[data-chart="stream"]');
  const load = parts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  let stream: TaskStreamView | null = null;
  // A diff after one that never came (which the server should not let happen: it sends the window instead):
  // the window from GET /api/stream mends the timeline.
  const mend = (): void => {
    const api = streamBox?.dataset.streamApi;
    if (!api) {
      return;
    }
    load(api, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then((response) => (response.ok ? (response.json() as Promise<TaskStreamEvent>) : null))
      .then((window) => window && stream?.add(window))
      .catch(() => undefined); // the next window (reconnecting) mends it
  };
  stream = streamBox ? (parts.stream ?? mountTaskStream)(streamBox, now, mend) : null;

  const connection = connectLive(
    url,
    {
      overview: (overview) => {
        applyEvent(doc, 'overview', overview);
        ring.replace(overview.throughput, now());
        redraw();
      },
      offers: (offers) => {
        applyEvent(doc, 'offers', offers);
        showOffers(doc, offers);
      },
      tasks: (tasks) => {
        applyEvent(doc, 'tasks', tasks);
        showRecentTasks(doc, tasks);
      },
      stream: (changes) => stream?.add(changes),
    },
    (status) => showStatus(doc, status),
    { open: parts.open },
  );
  // The server is quiet while nothing changes: the chart moves on by itself.
  const timer = setInterval(() => {
    if (ring.advance(now())) {
      redraw();
    }
  }, 1000);
  return {
    close() {
      clearInterval(timer);
      stream?.close();
      connection.close();
    },
  };
}
