// Puts event data into the page: an element marked data-live="<event>.<path>" shows the value at that path
// (e.g. "overview.queued", "overview.phases.RUNNING", "offers.offers.length"); one marked
// data-live-show="<event>.<path>" is hidden while that value is null, empty or zero. Elements of other events
// are left alone, so the server-rendered values stay until their own event arrives.

import type { Status } from './live';

/** The value at a dotted path, or undefined where the path leads nowhere. */
export function valueAt(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const key of path.split('.')) {
    if (value === null || value === undefined || typeof value !== 'object') {
      return undefined;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** How a value reads on the page: nothing for null or missing, numbers as they are. */
export function display(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'object') {
    return JSON.stringify(value);
  }
  return String(value);
}

/** Updates every element bound to this event type; returns how many changed. */
export function applyEvent(root: ParentNode, type: string, data: unknown): number {
  const prefix = type + '.';
  let changed = 0;
  for (const element of root.querySelectorAll<HTMLElement>(`[data-live^="${prefix}"]`)) {
    const text = display(valueAt(data, element.dataset.live!.slice(prefix.length)));
    // Only real changes touch the DOM: a selection or a screen reader is not disturbed for nothing.
    if (element.textContent !== text) {
      element.textContent = text;
      changed++;
    }
  }
  for (const element of root.querySelectorAll<HTMLElement>(`[data-live-show^="${prefix}"]`)) {
    const value = valueAt(data, element.dataset.liveShow!.slice(prefix.length));
    const hidden = value === null || value === undefined || value === '' || value === 0 || value === false;
    if (element.hidden !== hidden) {
      element.hidden = hidden;
      changed++;
    }
  }
  return changed;
}

const STATUS_TEXT: Record<Status, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
};

/** Shows the stream's state in the element marked data-live-status (shown once the script runs). */
export function showStatus(root: ParentNode, status: Status): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-live-status]')) {
    element.hidden = false;
    element.textContent = STATUS_TEXT[status];
    element.dataset.liveStatus = status;
  }
}
