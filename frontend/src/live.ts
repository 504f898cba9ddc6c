// The connection to GET /api/events. Each event's data is a whole JSON snapshot (never a diff), so a handler just
// shows what it gets, and a client that reconnects is right again with the first events the server sends.

import { EVENT_TYPES, type EventType, type LiveEvents } from './events';

export type Status = 'connecting' | 'live' | 'reconnecting';

export type LiveHandlers = { [K in EventType]?: (data: LiveEvents[K]) => void };

/** What is used of EventSource, so that tests can hand in a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => unknown) | null;
  onerror: ((event: Event) => unknown) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface LiveOptions {
  /** Opens the connection; default: the browser's EventSource. */
  open?: (url: string) => EventSourceLike;
  /** How long to wait before a new connection once the browser has given up on one. */
  retryMs?: number;
}

export interface LiveConnection {
  close(): void;
}

/** EventSource.CLOSED, written out: the constant is not there where EventSource is not (tests). */
const CLOSED = 2;

export function connectLive(
  url: string,
  handlers: LiveHandlers,
  onStatus: (status: Status) => void,
  options: LiveOptions = {},
): LiveConnection {
  const open = options.open ?? ((target: string) => new EventSource(target) as EventSourceLike);
  const retryMs = options.retryMs ?? 5000;
  let source: EventSourceLike | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const connect = (): void => {
    const current = open(url);
    source = current;
    current.onopen = () => onStatus('live');
    current.onerror = () => {
      if (stopped) {
        return;
      }
      onStatus('reconnecting');
      if (current.readyState === CLOSED) {
        // The browser reconnects by itself after a network error, but gives up on an answer that is not an event
        // stream (say a 503: too many clients, or a server that is stopping): start again, later.
        current.close();
        timer = setTimeout(connect, retryMs);
      }
    };
    for (const type of EVENT_TYPES) {
      const handler = handlers[type] as ((data: unknown) => void) | undefined;
      if (handler) {
        current.addEventListener(type, (event) => {
          let data: unknown;
          try {
            data = JSON.parse(event.data);
          } catch {
            console.warn(`Ferry: an unreadable ${type} event was skipped`);
            return;
          }
          handler(data);
        });
      }
    }
  };

  onStatus('connecting');
  connect();
  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    },
  };
}
