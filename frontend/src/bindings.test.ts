import { beforeEach, describe, expect, it } from 'vitest';
import { applyEvent, showStatus, valueAt } from './bindings';
import { overview } from './sample';

describe('valueAt', () => {
  it('follows dotted paths through objects and arrays', () => {
    const data = { a: { b: [1, 2, 3] }, n: null };
    expect(valueAt(data, 'a.b.length')).toBe(3);
    expect(valueAt(data, 'a.b.1')).toBe(2);
    expect(valueAt(data, 'n.x')).toBeUndefined();
    expect(valueAt(data, 'missing.deeper')).toBeUndefined();
  });
});

describe('applyEvent', () => {
  beforeEach(() => {
    document.body.innerHTML = `
      <span id="queued" data-live="overview.queued">0</span>
      <span id="running" data-live="overview.phases.RUNNING">0</span>
      <span id="agents" data-live="overview.agents.length">0</span>
      <span id="error" data-live="overview.lastError">old error</span>
      <span id="fw" data-live-show="overview.frameworkId" hidden>as framework</span>
      <span id="offers" data-live="offers.offers.length">7</span>`;
  });

  const text = (id: string) => document.getElementById(id)!.textContent;

  it('writes each bound value of its event and leaves other events alone', () => {
    const changed = applyEvent(document, 'overview', overview({ queued: 12, lastError: null }));

    expect(text('queued')).toBe('12');
    expect(text('running')).toBe('3');
    expect(text('agents')).toBe('1');
    expect(text('error')).toBe('');
    expect(document.getElementById('fw')!.hidden).toBe(false);
    expect(text('offers')).toBe('7');
    expect(changed).toBe(5);
  });

  it('touches nothing when nothing changed', () => {
    applyEvent(document, 'overview', overview());
    expect(applyEvent(document, 'overview', overview())).toBe(0);
  });

  it('hides what is shown only while its value is there', () => {
    applyEvent(document, 'overview', overview());
    applyEvent(document, 'overview', overview({ frameworkId: null }));
    expect(document.getElementById('fw')!.hidden).toBe(true);
  });

  it('binds by prefix, so one event name never matches another that begins alike', () => {
    document.body.innerHTML = '<span id="x" data-live="overviewer.queued">keep</span>';
    applyEvent(document, 'overview', overview());
    expect(text('x')).toBe('keep');
  });
});

describe('showStatus', () => {
  it('shows the status element, hidden until the script runs', () => {
    document.body.innerHTML = '<span id="s" data-live-status hidden></span>';
    showStatus(document, 'reconnecting');
    const status = document.getElementById('s')!;
    expect(status.hidden).toBe(false);
    expect(status.textContent).toBe('reconnecting…');
    expect(status.dataset.liveStatus).toBe('reconnecting');
  });
});
