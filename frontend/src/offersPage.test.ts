import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource } from './fakes';
import type { DecisionRow, OfferRows } from './offerRows';
import { OFFERS_INTERVAL_MS, startOffersPage } from './offersPage';

function decision(changes: Partial<DecisionRow> = {}): DecisionRow {
  return {
    at: '10:15:02', agent: 'host-1 (S1)', offerIds: 'O-1, O-4', offered: '4 cpus, 4096 MiB', fate: 'LAUNCHED',
    what: 'launched 2 tasks', launched: 3, taskIds: ['t-1', 't-2'], more: 1, used: '0.2 cpus, 64 MiB', ...changes,
  };
}

describe('startOffersPage', () => {
  let answer: OfferRows;
  let asked: string[];
  const fetch = (async (url: RequestInfo | URL) => {
    asked.push(String(url));
    return new Response(JSON.stringify(answer), { status: 200 });
  }) as typeof globalThis.fetch;

  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.reset();
    asked = [];
    document.body.innerHTML = `
      <main id="offers-page" data-events="/ctx/api/events" data-rows-api="/ctx/api/offers/rows"
            data-task-link="/ctx/tasks/">
        <section id="held-offers"><span id="held" data-live="rows.held.length">0</span>
          <p data-empty-note>No offer is held.</p>
          <div class="table-scroll" hidden><table><tbody></tbody></table></div></section>
        <section id="offer-decisions"><span id="decided" data-live="rows.decisions.length">0</span>
          <p data-empty-note>No offer was decided yet.</p>
          <div class="table-scroll" hidden><table><tbody></tbody></table></div></section>
      </main>`;
  });

  afterEach(() => vi.useRealTimers());

  it('redraws both tables from the rows API on offers events, at most once a second, as text', async () => {
    startOffersPage(document, { open: FakeEventSource.open, fetch });
    const source = FakeEventSource.opened[0];
    answer = { held: [], decisions: [decision({ what: '<img src=x onerror=alert(1)>' })] };
    source.emit('offers', { offers: [], lastOutcomes: [] });
    await vi.advanceTimersByTimeAsync(0);

    const decisions = document.getElementById('offer-decisions')!;
    const rows = decisions.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(1);
    const cells = [...rows[0].children].map((c) => c.textContent);
    expect(cells).toEqual(['10:15:02', 'host-1 (S1)', 'O-1, O-4', '4 cpus, 4096 MiB', 'LAUNCHED',
      '<img src=x onerror=alert(1)>', 't-1, t-2 and 1 more', '0.2 cpus, 64 MiB']);
    expect(decisions.querySelector('img')).toBeNull();
    expect([...decisions.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['/ctx/tasks/t-1', '/ctx/tasks/t-2']);
    expect(decisions.querySelector<HTMLElement>('.table-scroll')!.hidden).toBe(false);
    expect(decisions.querySelector<HTMLElement>('[data-empty-note]')!.hidden).toBe(true);
    expect(document.getElementById('decided')!.textContent).toBe('1');
    expect(document.getElementById('held-offers')!.querySelector<HTMLElement>('[data-empty-note]')!.hidden).toBe(false);

    answer = { held: [{ offerId: 'O-9', agent: 'host-2 (S2)', resources: '1 cpus, 1024 MiB', since: '10:15:00',
      heldFor: '3 s', holdEnds: '10:15:30', why: 'nothing queued' }], decisions: [decision({ at: '10:15:05' }), ...answer.decisions] };
    source.emit('offers', { offers: [], lastOutcomes: [] });
    source.emit('offers', { offers: [], lastOutcomes: [] });
    await vi.advanceTimersByTimeAsync(OFFERS_INTERVAL_MS);
    expect(asked).toEqual(['/ctx/api/offers/rows', '/ctx/api/offers/rows']);
    expect(decisions.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(document.getElementById('held')!.textContent).toBe('1');
    expect(document.querySelector('#held-offers tbody td')!.textContent).toBe('O-9');
  });

  it('starts nothing on another page', () => {
    document.body.innerHTML = '<main></main>';
    expect(startOffersPage(document, { open: FakeEventSource.open, fetch })).toBeNull();
  });
});
