// Event data as the server sends it, for tests.

import type { Overview } from './events';

export function overview(changes: Partial<Overview> = {}): Overview {
  return {
    connection: 'SUBSCRIBED',
    lastError: null,
    frameworkId: 'fw-1',
    master: 'http://127.0.0.1:5050',
    agents: [{ id: 'a1', hostname: 'h1', offeredCpus: 3.5, offeredMemMb: 3800, executors: 1 }],
    phases: { QUEUED: 2, LAUNCHED: 1, RUNNING: 3, SUCCEEDED: 40, FAILED: 1, CANCELLED: 0 },
    queued: 2,
    ready: 1,
    bytesInFlight: 4096,
    executorsRunning: 2,
    throughput: { last: 1_000, perSecond: [0, 5, 7] },
    ...changes,
  };
}
