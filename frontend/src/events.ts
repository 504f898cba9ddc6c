// The payloads of GET /api/events, as the server's records (io.ferry.web.live) serialize them.

export interface Throughput {
  /** Epoch second of the last entry. */
  last: number;
  /** Tasks finished in each second, oldest first, ending at `last`. */
  perSecond: number[];
}

/** An agent seen since the app started, with what it offers Ferry now. */
export interface AgentSummary {
  id: string;
  hostname: string | null;
  offeredCpus: number;
  offeredMemMb: number;
  executors: number;
}

export interface Overview {
  connection: string;
  lastError: string | null;
  frameworkId: string | null;
  master: string | null;
  agents: AgentSummary[];
  phases: Record<string, number>;
  queued: number;
  ready: number;
  bytesInFlight: number;
  executorsRunning: number;
  throughput: Throughput;
}

export interface OfferView {
  offerId: string;
  agentId: string;
  hostname: string;
  cpus: number;
  memMb: number;
  executorIds: string[];
}

export interface OfferOutcome {
  agentId: string;
  offerIds: string[];
  cpus: number;
  memMb: number;
  launched: number;
  note: string;
}

export interface OffersSnapshot {
  offers: OfferView[];
  lastOutcomes: OfferOutcome[];
}

export interface TaskRow {
  id: string;
  name: string;
  phase: string;
  agentId: string | null;
  attempts: number;
  /** ISO-8601 instant. */
  changed: string;
  outcome: string | null;
}

export interface RecentTasks {
  recent: TaskRow[];
}

/** A bar of the task stream: a task that started or ended since the last `stream` event. */
export interface StreamBar {
  id: string;
  name: string | null;
  executorId: string | null;
  agentId: string | null;
  /** ISO-8601 instant. */
  start: string;
  /** ISO-8601 instant, or null while it runs. */
  end: string | null;
  outcome: 'running' | 'succeeded' | 'failed' | 'killed';
}

/**
 * Unlike the others, of two kinds. A diff: the bars that changed since the diff before it, newest first, numbered
 * one after another. A window (`window: true`): every bar of the server's last five minutes, which replaces what
 * the client has; sent on connecting and to a client that fell behind, carrying the number of the last diff in it.
 */
export interface TaskStreamEvent {
  seq: number;
  window: boolean;
  bars: StreamBar[];
  /** A diff's: how many more changed and were left out (the server's window has them). */
  omitted: number;
  /** A window's: how many ended bars the server's window dropped for room since it started. */
  dropped: number;
}

/** Each event type and its data. */
export interface LiveEvents {
  overview: Overview;
  offers: OffersSnapshot;
  tasks: RecentTasks;
  stream: TaskStreamEvent;
}

export type EventType = keyof LiveEvents;

export const EVENT_TYPES: readonly EventType[] = ['overview', 'offers', 'tasks', 'stream'];
