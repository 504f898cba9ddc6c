import { describe as group, expect, it } from 'vitest';
import type { StreamBar } from './events';
import { TaskStreamModel, describe, hitTest, type Frame } from './taskStream';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

function bar(id: string, executorId: string, start: number, end: number | null, outcome: StreamBar['outcome'] = 'succeeded'): StreamBar {
  return { id, name: `n${id}`, executorId, agentId: 'a1', start: at(start), end: end === null ? null : at(end), outcome: end === null ? 'running' : outcome };
}

function rowsOf(model: TaskStreamModel): Record<string, number> {
  return Object.fromEntries(model.layout().placed.map((p) => [p.bar.id, p.line]));
}

group('TaskStreamModel', () => {
  it('puts each task in the lowest row of its executor free when it started', () => {
    const model = new TaskStreamModel();
    // Newest first, as the server sends them: placed by start all the same.
    model.add({
      bars: [bar('4', 'e1', 6, 8), bar('3', 'e1', 3, 7), bar('2', 'e1', 2, 5), bar('1', 'e1', 1, 3)],
    });
    // 1 in row 0; 2 overlaps it: row 1; 3 starts when 1 ended: row 0; 4 starts after 2 ended: row 1.
    expect(rowsOf(model)).toEqual({ '1': 0, '2': 1, '3': 0, '4': 1 });
    expect(model.layout().lines).toBe(2);
  });

  it('keeps a running task\'s row taken until it ends, and stacks executors one after another', () => {
    const model = new TaskStreamModel();
    model.add({ bars: [bar('1', 'e1', 1, null), bar('9', 'e0', 1, 2)] });
    model.add({ bars: [bar('2', 'e1', 5, 6)] });
    expect(rowsOf(model)).toEqual({ '9': 0, '1': 1, '2': 2 });
    // Task 1 ends: the same bar, in the same row; the next task takes row 0 again.
    model.add({ bars: [bar('1', 'e1', 1, 7, 'failed'), bar('3', 'e1', 8, null)] });
    expect(model.get('1')).toMatchObject({ end: T0 + 7000, outcome: 'failed', row: 0 });
    expect(model.get('3')?.row).toBe(0);
    expect(model.size).toBe(4);
  });

  it('drops bars that ended before the window, and the oldest beyond the bound', () => {
    const model = new TaskStreamModel(60_000, 3);
    model.add({ bars: [bar('1', 'e1', 0, 1), bar('2', 'e2', 0, null), bar('3', 'e1', 50, 70)] });
    model.trim(T0 + 65_000);
    expect([...model.layout().placed.map((p) => p.bar.id)].sort()).toEqual(['2', '3']);
    // e1's rows stay (task 3), e2 keeps its running task.
    model.add({ bars: [bar('4', 'e1', 80, 81), bar('5', 'e3', 82, 83)] });
    expect(model.size).toBe(3);
    expect(model.get('2')).toBeUndefined();
    expect(model.layout().placed.map((p) => p.bar.executor).sort()).toEqual(['e1', 'e1', 'e3']);
    model.trim(T0 + 1_000_000);
    expect(model.size).toBe(0);
    expect(model.layout().lines).toBe(0);
  });
});

group('TaskStreamModel.apply', () => {
  const diff = (seq: number, ...bars: StreamBar[]) => ({ seq, window: false, bars, omitted: 0, dropped: 0 });
  const window = (seq: number, ...bars: StreamBar[]) => ({ seq, window: true, bars, omitted: 0, dropped: 3 });

  it('replaces everything with a window, then adds the diffs after it and skips those it had', () => {
    const model = new TaskStreamModel();
    expect(model.apply(diff(4, bar('x', 'e1', 0, 1)))).toBe('gap'); // a diff before any window
    expect(model.apply(window(7, bar('1', 'e1', 0, 5), bar('2', 'e1', 1, null)))).toBe('replaced');
    expect(model.get('x')).toBeUndefined();
    expect(model.size).toBe(2);

    expect(model.apply(diff(7, bar('old', 'e1', 0, 1)))).toBe('stale');
    expect(model.get('old')).toBeUndefined();
    expect(model.apply(diff(8, bar('2', 'e1', 1, 6), bar('3', 'e1', 6, null)))).toBe('added');
    expect(model.get('2')?.end).toBe(T0 + 6000);
    expect(model.size).toBe(3);
  });

  it('reports a diff after a missing one as a gap, and still adds it', () => {
    const model = new TaskStreamModel();
    model.apply(window(1));
    expect(model.apply(diff(3, bar('1', 'e1', 0, 1)))).toBe('gap');
    expect(model.get('1')).toBeDefined();
    expect(model.apply(diff(4, bar('2', 'e1', 1, 2)))).toBe('added');
  });

  it('places a window\'s bars afresh: rows of executors gone from it are given back', () => {
    const model = new TaskStreamModel();
    model.apply(window(1, bar('1', 'e1', 0, 10), bar('2', 'e1', 1, 10), bar('3', 'e2', 0, 1)));
    expect(model.layout().lines).toBe(3);
    model.apply(window(2, bar('4', 'e1', 20, 21)));
    expect(model.layout().lines).toBe(1);
    expect(rowsOf(model)).toEqual({ '4': 0 });
  });
});

group('hitTest', () => {
  it('finds the bar under the pointer, a running one reaching to now', () => {
    const model = new TaskStreamModel(100_000);
    model.add({ bars: [bar('1', 'e1', 10, 20), bar('2', 'e1', 15, null)] });
    const { placed } = model.layout();
    // 100 s over 1000 px, the window ending at 100 s: 10 px a second; rows 10 px high.
    const frame: Frame = { now: T0 + 100_000, windowMs: 100_000, width: 1000, rowHeight: 10 };
    expect(hitTest(placed, frame, 150, 5)?.id).toBe('1');
    expect(hitTest(placed, frame, 250, 5)).toBeUndefined();
    expect(hitTest(placed, frame, 990, 15)?.id).toBe('2');
    expect(hitTest(placed, frame, 140, 15)).toBeUndefined();
    expect(hitTest(placed, frame, 150, 25)).toBeUndefined();
    expect(describe(model.get('1')!, frame.now)).toBe('Task 1 (n1): succeeded after 10.0 s');
    expect(describe(model.get('2')!, frame.now)).toBe('Task 2 (n2): running for 85.0 s');
  });
});
