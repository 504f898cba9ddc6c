// The throughput chart's data: tasks finished per second over a window of seconds. The server sends the window
// only when its counts change; between events the window moves on by the page's clock, with zeros. The server's
// second is the anchor (the page's clock may be off): the window moves by the time elapsed since an event came.

import type { Throughput } from './events';

/** [seconds, counts]: the aligned arrays a chart draws (x in epoch seconds). */
export type Series = [number[], number[]];

export class ThroughputRing {
  private counts: number[];
  /** Epoch second of the newest entry, on the server's clock; NaN before any data. */
  private last = Number.NaN;
  private anchorSecond = Number.NaN;
  private anchorMs = 0;

  constructor(readonly seconds: number) {
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw new RangeError(`seconds must be a positive integer: ${seconds}`);
    }
    this.counts = new Array<number>(seconds).fill(0);
  }

  /** Takes the server's window (its newest `seconds` entries; missing older ones are zero), received at nowMs. */
  replace(throughput: Throughput, nowMs: number): void {
    const tail = throughput.perSecond.slice(-this.seconds);
    this.counts = new Array<number>(this.seconds - tail.length).fill(0).concat(tail);
    this.last = throughput.last;
    this.anchorSecond = throughput.last;
    this.anchorMs = nowMs;
  }

  /** Moves the window on to the server's second as it is at nowMs; returns whether it moved. */
  advance(nowMs: number): boolean {
    if (Number.isNaN(this.last)) {
      return false;
    }
    const target = this.anchorSecond + Math.floor((nowMs - this.anchorMs) / 1000);
    const steps = target - this.last;
    if (steps <= 0) {
      return false;
    }
    if (steps >= this.seconds) {
      this.counts.fill(0);
    } else {
      this.counts = this.counts.slice(steps).concat(new Array<number>(steps).fill(0));
    }
    this.last = target;
    return true;
  }

  /** The window as aligned arrays, oldest first; empty before any data. */
  series(): Series {
    if (Number.isNaN(this.last)) {
      return [[], []];
    }
    const first = this.last - this.seconds + 1;
    return [this.counts.map((_, i) => first + i), this.counts.slice()];
  }
}
