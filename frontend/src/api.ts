// The JSON API's answers the task pages read, as the server's records (io.ferry.web.tasks, io.ferry.scheduler)
// serialize them. Instants are ISO-8601 text.

/** GET /api/batches/{id}: how far the tasks of one launch got (BatchProgress). */
export interface BatchProgress {
  id: string;
  kind: string;
  created: string;
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  running: number;
  queued: number;
  forgotten: number;
  finished: number;
  ids: string[];
}

/** One task, as far as the task list shows it (TaskView has more). */
export interface TaskView {
  id: string;
  name: string;
  phase: string;
  agentId: string | null;
  executorId: string | null;
  attempts: number;
  submitted: string;
  launched: string | null;
  started: string | null;
  finished: string | null;
}

/** GET /api/tasks?…: one page of a task list (TaskListPage). */
export interface TaskListPage {
  items: TaskView[];
  page: number;
  size: number;
  total: number;
  pages: number;
  /** Phases no task matched may be left out. */
  byPhase: Record<string, number>;
}

/** The task phases, in the order the pages list them (TaskPhase). */
export const PHASES = ['QUEUED', 'LAUNCHED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;

/** How the pages fetch: `fetch` itself, or a test's stand-in. */
export type Load = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** GET of one of the API's JSON answers with the page's session; a status other than 2xx is an error. */
export async function getJson<T>(load: Load, url: string): Promise<T> {
  const response = await load(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) {
    throw new Error(`answered ${response.status}`);
  }
  return (await response.json()) as T;
}
