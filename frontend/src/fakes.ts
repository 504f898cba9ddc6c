// A stand-in for the browser's EventSource, for tests: it records what the code under test did with it and lets
// the test play the server's part.

import type { EventSourceLike } from './live';

export class FakeEventSource implements EventSourceLike {
  static readonly opened: FakeEventSource[] = [];

  readyState = 0;
  closed = false;
  onopen: ((event: Event) => unknown) | null = null;
  onerror: ((event: Event) => unknown) | null = null;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }

  static open = (url: string): FakeEventSource => new FakeEventSource(url);

  static reset(): void {
    FakeEventSource.opened.length = 0;
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  /** The server accepted the stream. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** The server sent `event: <type>` with this data. */
  emit(type: string, data: unknown): void {
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    for (const listener of this.listeners.get(type) ?? []) {
      listener(new MessageEvent(type, { data: text }));
    }
  }

  /** The connection failed; `giveUp`: as a browser does on an answer that is not an event stream. */
  fail(giveUp: boolean): void {
    this.readyState = giveUp ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}
