// Follow on an executor's log page: appends what the executor writes as it comes. The page shows its log without
// this (server-rendered); following only reads on from where the page ends, through
// GET /api/executors/{id}/logs?file=…&offset=…, and adds the text as text, never as HTML.

/** A piece of the log, as the server's LogChunk writes it. */
export interface LogPiece {
  data: string;
  offset: number;
  nextOffset: number;
  size: number;
}

/** What tests replace: the network. */
export interface FollowParts {
  fetch?: (url: string) => Promise<Response>;
}

/** Between reads once the end is reached; while behind, the next read follows at once. */
export const QUIET_MS = 1000;

export interface LogFollower {
  /** Starts following, or stops it; returns whether it follows now. */
  toggle(): boolean;
  following(): boolean;
  /** Where the next read begins. */
  nextOffset(): number;
}

/**
 * Follows the log in `log` (`<pre data-api="…/logs?file=…" data-next-offset="n">`), reading on from its
 * `data-next-offset`; `status` says how it goes. Nothing is read until {@link LogFollower.toggle}.
 */
export function followLog(log: HTMLElement, status: HTMLElement, parts: FollowParts = {}): LogFollower {
  const get = parts.fetch ?? ((url: string) => fetch(url, { headers: { Accept: 'application/json' } }));
  const api = log.dataset.api ?? '';
  let next = Number(log.dataset.nextOffset ?? '0');
  let on = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const say = (text: string) => {
    status.textContent = text;
  };

  const stop = (why = '') => {
    on = false;
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    say(why);
  };

  const readOn = async () => {
    timer = null;
    if (!on) {
      return;
    }
    const url = new URL(api, log.ownerDocument.location.href);
    url.searchParams.set('offset', String(next));
    let behind = false;
    try {
      const response = await get(url.toString());
      if (!response.ok) {
        const problem = (await response.json().catch(() => ({}))) as { detail?: string };
        stop(`stopped: ${problem.detail ?? response.status}`);
        return;
      }
      const piece = (await response.json()) as LogPiece;
      if (!on) {
        return; // stopped while the answer was on its way
      }
      if (piece.data.length > 0) {
        const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        log.append(log.ownerDocument.createTextNode(piece.data));
        if (atBottom) {
          log.scrollTop = log.scrollHeight;
        }
      }
      next = piece.nextOffset;
      behind = piece.nextOffset < piece.size;
      say(`following: ${piece.nextOffset} bytes`);
    } catch (e) {
      say(`could not read (${e instanceof Error ? e.message : String(e)}); trying again`);
    }
    if (on) {
      timer = setTimeout(readOn, behind ? 0 : QUIET_MS);
    }
  };

  return {
    toggle() {
      if (on) {
        stop();
      } else {
        on = true;
        void readOn();
      }
      return on;
    },
    following: () => on,
    nextOffset: () => next,
  };
}

/** The log page's wiring: the follow button (hidden without this script) starts and stops following. */
export function startLogFollow(doc: Document, parts: FollowParts = {}): LogFollower | null {
  const log = doc.getElementById('log');
  const button = doc.getElementById('log-follow');
  const status = doc.getElementById('log-status');
  if (!log || !button || !status) {
    return null;
  }
  const follower = followLog(log, status, parts);
  button.hidden = false;
  button.addEventListener('click', () => {
    button.textContent = follower.toggle() ? 'stop following' : 'follow';
  });
  return follower;
}
