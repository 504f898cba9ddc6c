// API answers as the server sends them, for the task list's tests.

import type { BatchProgress, TaskView } from './api';

export function batch(changes: Partial<BatchProgress> = {}): BatchProgress {
  return {
    id: 'b3', kind: 'hello', created: '2025-05-04T10:15:00Z', total: 10, done: 0, failed: 0, cancelled: 0,
    running: 0, queued: 10, forgotten: 0, finished: 0, ids: [], ...changes,
  };
}

export function task(changes: Partial<TaskView> = {}): TaskView {
  return {
    id: 't1-1', name: 'sample-hello', phase: 'QUEUED', agentId: null, executorId: null, attempts: 0,
    submitted: '2025-05-04T10:15:00Z', launched: null, started: null, finished: null, ...changes,
  };
}
