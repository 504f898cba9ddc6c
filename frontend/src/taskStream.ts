// The task stream: a timeline of the last minutes, one row per executor slot, one bar per task. The model (rows,
// window, hit-testing) is plain data, tested without a canvas; the view draws it on a <canvas> at most a few times
// a second, so thousands of tasks a second cost a few redraws, not thousands.

import type { StreamBar, TaskStreamEvent } from './events';

export type Outcome = StreamBar['outcome'];

export interface Bar {
  id: string;
  name: string;
  executor: string;
  start: number;
  /** Epoch ms, or null while it runs. */
  end: number | null;
  outcome: Outcome;
  /** Its row within its executor: the lowest free one when it started. */
  row: number;
}

export interface Placed {
  bar: Bar;
  /** Its row on the whole timeline (the executors' rows one after another). */
  line: number;
}

/** What became of a stream event: a diff added, a window that replaced everything, a diff the window already
 * had, or a diff after one that never came (the caller fetches the window). */
export type Applied = 'added' | 'replaced' | 'stale' | 'gap';

export const WINDOW_MS = 5 * 60 * 1000;
export const MAX_BARS = 20_000;

const NO_EXECUTOR = '(no executor)';

export class TaskStreamModel {
  /** By id, in order of arrival (about that of their starts): the oldest first, so the first to drop. */
  private readonly bars = new Map<string, Bar>();
  /** Per executor: the bar placed last in each of its rows, and how many of its bars are kept. */
  private readonly rows = new Map<string, { last: Bar[]; count: number }>();

  constructor(
    readonly windowMs = WINDOW_MS,
    readonly maxBars = MAX_BARS,
  ) {}

  /** The number of the last diff applied (or of the window's last), null before the first window. */
  private seq: number | null = null;

  get size(): number {
    return this.bars.size;
  }

  /**
   * Applies an event of the server's stream: a window replaces everything; a diff is added when it follows the
   * last one, skipped when the window had it, and added but reported as a gap when diffs are missing before it.
   */
  apply(event: TaskStreamEvent): Applied {
    if (event.window) {
      this.bars.clear();
      this.rows.clear();
      this.add(event);
      this.seq = event.seq;
      return 'replaced';
    }
    if (this.seq !== null && event.seq <= this.seq) {
      return 'stale';
    }
    const gap = this.seq === null || event.seq !== this.seq + 1;
    this.add(event);
    this.seq = event.seq;
    return gap ? 'gap' : 'added';
  }

  get(id: string): Bar | undefined {
    return this.bars.get(id);
  }

  /** Adds an event's bars (new ones placed by their start, oldest first) and ends those that ended. */
  add(event: Pick<TaskStreamEvent, 'bars'>): void {
    const incoming = event.bars
      .map((b) => ({ b, start: Date.parse(b.start), end: b.end === null ? null : Date.parse(b.end) }))
      .filter((x) => !Number.isNaN(x.start))
      .sort((x, y) => x.start - y.start);
    for (const { b, start, end } of incoming) {
      const known = this.bars.get(b.id);
      if (known && known.start === start) {
        known.end = end;
        known.outcome = b.outcome;
        continue;
      }
      if (known) {
        // Started again (a retry): a new bar, placed afresh.
        this.drop(b.id);
      }
      const executor = b.executorId ?? NO_EXECUTOR;
      const row = this.freeRow(executor, start);
      const bar: Bar = { id: b.id, name: b.name ?? '', executor, start, end, outcome: b.outcome, row };
      const rows = this.rows.get(executor)!;
      rows.last[row] = bar;
      rows.count++;
      this.bars.set(b.id, bar);
    }
    while (this.bars.size > this.maxBars) {
      this.drop(this.bars.keys().next().value as string);
    }
  }

  /** Drops the bars that ended before the window. Running bars stay: they reach into it. */
  trim(now: number): void {
    const from = now - this.windowMs;
    for (const bar of this.bars.values()) {
      if (bar.end !== null && bar.end < from) {
        this.drop(bar.id);
      }
    }
  }

  /** The bars with their timeline rows; executors in name order, each as many rows as it ever used at once. */
  layout(): { placed: Placed[]; lines: number } {
    const executors = [...this.rows.keys()].sort();
    const first = new Map<string, number>();
    let lines = 0;
    for (const executor of executors) {
      first.set(executor, lines);
      lines += this.rows.get(executor)!.last.length;
    }
    const placed: Placed[] = [];
    for (const bar of this.bars.values()) {
      placed.push({ bar, line: first.get(bar.executor)! + bar.row });
    }
    return { placed, lines };
  }

  /** The lowest row of the executor whose last bar had ended by `start` (or is gone), or a new one. */
  private freeRow(executor: string, start: number): number {
    const rows = this.rows.get(executor) ?? { last: [], count: 0 };
    this.rows.set(executor, rows);
    const free = rows.last.findIndex(
      (last) => this.bars.get(last.id) !== last || (last.end !== null && last.end <= start),
    );
    return free < 0 ? rows.last.length : free;
  }

  private drop(id: string): void {
    const bar = this.bars.get(id);
    if (!bar) {
      return;
    }
    this.bars.delete(id);
    const rows = this.rows.get(bar.executor);
    if (rows && --rows.count <= 0) {
      // An executor with no bar left in the window gives its rows back.
      this.rows.delete(bar.executor);
    }
  }
}

/** Where the timeline is drawn: its time span over the canvas's width, and the height of a row. */
export interface Frame {
  now: number;
  windowMs: number;
  width: number;
  rowHeight: number;
}

export function xOf(time: number, frame: Frame): number {
  return ((time - (frame.now - frame.windowMs)) / frame.windowMs) * frame.width;
}

/** The bar under a point of the canvas, if any; a running bar reaches to now. Bars narrower than 2 px count as 2. */
export function hitTest(placed: readonly Placed[], frame: Frame, x: number, y: number): Bar | undefined {
  const line = Math.floor(y / frame.rowHeight);
  let found: Bar | undefined;
  for (const { bar, line: l } of placed) {
    if (l !== line) {
      continue;
    }
    const x0 = xOf(bar.start, frame);
    const x1 = Math.max(x0 + 2, xOf(bar.end ?? frame.now, frame));
    if (x >= x0 && x <= x1 && (!found || bar.start > found.start)) {
      found = bar;
    }
  }
  return found;
}

/** The hover's text: id, name, duration (or how long it has run). */
export function describe(bar: Bar, now: number): string {
  const ms = (bar.end ?? now) - bar.start;
  const duration = ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
  const state = bar.end === null ? 'running for' : `${bar.outcome} after`;
  return `Task ${bar.id}${bar.name ? ` (${bar.name})` : ''}: ${state} ${duration}`;
}

export const COLOURS: Record<Outcome, string> = {
  running: '#0969da',
  succeeded: '#2da44e',
  failed: '#cf222e',
  killed: '#8c959f',
};

const MAX_HEIGHT = 360;
const MIN_DRAW_INTERVAL_MS = 250;

export interface TaskStreamView {
  add(event: TaskStreamEvent): void;
  close(): void;
}

/**
 * Mounts the timeline on a canvas in `container`. Redraws at most every 250 ms, on the next animation frame, and
 * once a second while nothing arrives, so the window moves on.
 */
export function mountTaskStream(
  container: HTMLElement,
  now: () => number = Date.now,
  onGap: () => void = () => undefined,
): TaskStreamView {
  const doc = container.ownerDocument;
  const canvas = doc.createElement('canvas');
  container.append(canvas);
  const caption = doc.createElement('p');
  caption.className = 'stream-note';
  container.append(caption);
  const model = new TaskStreamModel();
  let omitted = 0;
  let dropped = 0;
  let draws = 0;
  let drawMsTotal = 0;
  let drawMsMax = 0;
  let frame: Frame | null = null;
  let placed: Placed[] = [];
  let pending = false;
  let lastDraw = -Infinity;

  const draw = (): void => {
    pending = false;
    const began = performance.now();
    lastDraw = now();
    model.trim(lastDraw);
    const layout = model.layout();
    placed = layout.placed;
    const width = Math.max(240, container.clientWidth);
    const rowHeight = layout.lines === 0 ? 8 : Math.max(1, Math.min(8, MAX_HEIGHT / layout.lines));
    const height = Math.max(8, Math.ceil(layout.lines * rowHeight));
    canvas.width = width;
    canvas.height = height;
    frame = { now: lastDraw, windowMs: model.windowMs, width, rowHeight };
    const ctx = canvas.getContext('2d');
    if (ctx) {
      ctx.clearRect(0, 0, width, height);
      for (const { bar, line } of placed) {
        const x0 = xOf(bar.start, frame);
        const x1 = xOf(bar.end ?? frame.now, frame);
        ctx.fillStyle = COLOURS[bar.outcome];
        ctx.fillRect(x0, line * rowHeight, Math.max(1, x1 - x0), Math.max(1, rowHeight - (rowHeight > 3 ? 1 : 0)));
      }
    }
    caption.textContent =
      `${model.size} tasks over the last ${model.windowMs / 60000} minutes, ${layout.lines} executor slots` +
      (omitted > 0 ? `; ${omitted} changes were too many to send` : '') +
      (dropped > 0 ? `; the server kept only the newest, ${dropped} older left out for room` : '');
    // How many draws there were and how long they took in all and at most: read by the load test (DashboardLoad).
    const took = performance.now() - began;
    drawMsTotal += took;
    drawMsMax = Math.max(drawMsMax, took);
    canvas.dataset.draws = String(++draws);
    canvas.dataset.drawMsTotal = drawMsTotal.toFixed(1);
    canvas.dataset.drawMsMax = drawMsMax.toFixed(1);
  };

  const schedule = (): void => {
    if (pending) {
      return;
    }
    pending = true;
    const wait = Math.max(0, lastDraw + MIN_DRAW_INTERVAL_MS - now());
    setTimeout(() => requestAnimationFrame(draw), wait);
  };

  canvas.addEventListener('mousemove', (event) => {
    if (!frame) {
      return;
    }
    const box = canvas.getBoundingClientRect();
    const bar = hitTest(placed, frame, event.clientX - box.left, event.clientY - box.top);
    // An attribute's text: the name is never read as HTML.
    canvas.title = bar ? describe(bar, frame.now) : '';
  });
  const timer = setInterval(schedule, 1000);
  schedule();
  return {
    add(event) {
      const applied = model.apply(event);
      if (applied === 'stale') {
        return;
      }
      if (event.window) {
        omitted = 0;
        dropped = event.dropped;
      }
      omitted += event.omitted;
      if (applied === 'gap') {
        onGap();
      }
      schedule();
    },
    close() {
      clearInterval(timer);
    },
  };
}
