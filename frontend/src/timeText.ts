// Times as the task pages write them, the same text as the server's TimeText (io.ferry.web.tasks), so that a row
// the script redraws reads like one the server rendered: "3 s ago", "4.2 s", "2 min 5 s". All against one `now`
// (epoch milliseconds, the browser's clock) per redraw, so that the rows agree.

/** Epoch milliseconds of an ISO-8601 instant; the server's may have nanoseconds, which Date does not take. */
export function epochMs(iso: string): number {
  return Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'));
}

/** "3 s ago", "4 min ago", "2 h ago", "5 d ago"; "just now" under a second (or for a clock a little ahead). */
export function ago(iso: string | null, now: number): string {
  if (iso === null) {
    return '';
  }
  const seconds = Math.floor((now - epochMs(iso)) / 1000);
  if (seconds < 1) {
    return 'just now';
  }
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  if (seconds < 86_400) {
    return `${Math.floor(seconds / 3600)} h ago`;
  }
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** The exact time in UTC, to the millisecond: "2025-05-04 10:15:30.120 UTC". */
export function exact(iso: string | null): string {
  return iso === null ? '' : new Date(epochMs(iso)).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

/** "850 ms", "3.2 s", "42 s", "4 min 5 s", "10 min", "2 h 3 min", "3 d 4 h". */
export function duration(ms: number): string {
  const millis = Math.max(0, Math.floor(ms));
  if (millis < 1000) {
    return `${millis} ms`;
  }
  if (millis < 60_000) {
    if (millis < 10_000) {
      // Tenths rounded half up from whole milliseconds, as Java's %.1f does; toFixed would round 1.15 down.
      const tenths = Math.round(millis / 100);
      return `${Math.floor(tenths / 10)}.${tenths % 10} s`;
    }
    return `${Math.floor(millis / 1000)} s`;
  }
  const s = Math.floor(millis / 1000);
  if (s < 3600) {
    return `${Math.floor(s / 60)} min` + (s % 60 === 0 ? '' : ` ${s % 60} s`);
  }
  if (s < 86_400) {
    const min = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h` + (min === 0 ? '' : ` ${min} min`);
  }
  const h = Math.floor((s % 86_400) / 3600);
  return `${Math.floor(s / 86_400)} d` + (h === 0 ? '' : ` ${h} h`);
}

interface Timed {
  submitted: string;
  launched: string | null;
  started: string | null;
  finished: string | null;
}

/** From its submission to its (last) launch; until now or its end if it never launched. */
export function queued(task: Timed, now: number): string {
  const end = task.launched ?? task.finished;
  return duration((end === null ? now : epochMs(end)) - epochMs(task.submitted));
}

/** From its start to its end, or until now; empty if it never started. */
export function running(task: Timed, now: number): string {
  if (task.started === null) {
    return '';
  }
  return duration((task.finished === null ? now : epochMs(task.finished)) - epochMs(task.started));
}

/** From its submission to its end, or until now. */
export function total(task: Timed, now: number): string {
  return duration((task.finished === null ? now : epochMs(task.finished)) - epochMs(task.submitted));
}
