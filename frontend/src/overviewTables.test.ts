import { beforeEach, describe, expect, it } from 'vitest';
import { amount, showOffers, showRecentTasks } from './overviewTables';
import type { OfferView, TaskRow } from './events';

const offer = (offerId: string, cpus: number, memMb: number): OfferView =>
  ({ offerId, agentId: 'agent-1', hostname: 'h', cpus, memMb, executorIds: [] });

const task = (id: string, phase: string, outcome: string | null): TaskRow =>
  ({ id, name: `<b>${id}</b>`, phase, agentId: null, attempts: 1, changed: '2026-01-01T00:00:00Z', outcome });

const cells = (selector: string) =>
  Array.from(document.querySelectorAll(`${selector} tbody tr`), (tr) =>
    Array.from(tr.children, (td) => td.textContent));

describe('the overview\'s tables', () => {
  beforeEach(() => {
    document.body.innerHTML = `
      <section id="held-offers"><table><thead><tr><th>Offer</th></tr></thead><tbody>
        <tr><td>o-old</td><td>agent-1</td><td>1</td><td>64</td></tr></tbody></table>
        <ul id="last-round"><li>agent-1: held</li></ul></section>
      <table id="tasks"><thead><tr><th>Id</th></tr></thead><tbody><tr><td>t0</td></tr></tbody></table>`;
  });

  it('writes amounts as the server does (Formats.amount)', () => {
    expect(amount(2)).toBe('2');
    expect(amount(0.5)).toBe('0.5');
    expect(amount(1.25)).toBe('1.25');
    expect(amount(4096)).toBe('4096');
    expect(amount(0.1 + 0.2)).toBe('0.3');
    expect(amount(1.0004)).toBe('1');
  });

  it('redraws the held offers and the last round from an offers event', () => {
    const changed = showOffers(document, {
      offers: [offer('o-1', 1.5, 1024), offer('o-2', 0.25, 32.5)],
      lastOutcomes: [{ agentId: 'agent-1', offerIds: ['o-1'], cpus: 1.5, memMb: 1024, launched: 3, note: 'launched 3' }],
    });
    expect(cells('#held-offers')).toEqual([['o-1', 'agent-1', '1.5', '1024'], ['o-2', 'agent-1', '0.25', '32.5']]);
    expect(Array.from(document.querySelectorAll('#last-round li'), (li) => li.textContent))
      .toEqual(['agent-1: launched 3']);
    expect(changed).toBe(3);
    // The same event again moves nothing.
    expect(showOffers(document, {
      offers: [offer('o-1', 1.5, 1024), offer('o-2', 0.25, 32.5)],
      lastOutcomes: [{ agentId: 'agent-1', offerIds: ['o-1'], cpus: 1.5, memMb: 1024, launched: 3, note: 'launched 3' }],
    })).toBe(0);
    showOffers(document, { offers: [], lastOutcomes: [] });
    expect(cells('#held-offers')).toEqual([]);
    expect(document.querySelectorAll('#last-round li')).toHaveLength(0);
  });

  it('redraws the recent tasks from a tasks event, as text', () => {
    showRecentTasks(document, { recent: [task('t2', 'RUNNING', null), task('t1', 'FAILED', 'boom <i>')] });
    expect(cells('#tasks')).toEqual([
      ['t2', '<b>t2</b>', 'RUNNING', '', '1', ''],
      ['t1', '<b>t1</b>', 'FAILED', '', '1', 'boom <i>'],
    ]);
    expect(document.querySelector('#tasks b')).toBeNull();
  });
});
