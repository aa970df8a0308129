import { parentPort } from 'node:worker_threads';
import { isAppError } from './errors.js';

/** What a thread sends back: `ready` once its module loaded, then one reply per task id. */
export interface ThreadReply {
  ready?: true;
  id: number;
  value?: unknown;
  error?: { name: string; message: string; stack?: string; code?: string; hint?: string; details?: readonly string[] };
}

/** An error as plain data: structured clone would drop an AppError's class, code and hint. */
function errorData(e: unknown): NonNullable<ThreadReply['error']> {
  if (isAppError(e)) {
    return { name: e.name, message: e.message, code: e.code, ...(e.hint !== undefined ? { hint: e.hint } : {}), details: e.details };
  }
  if (e instanceof Error) return { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  return { name: 'Error', message: String(e) };
}

/**
 * Thread side of `ThreadPool`: runs `handle` for each task message (several may be in flight) and posts
 * its value or its error back. `release` runs when the pool closes (end database connections), then the
 * thread exits. Does nothing outside a worker thread, so the module can also be imported in-process.
 */
export function serveThreadTasks<Task>(handle: (task: Task) => Promise<unknown>, release: () => Promise<void> = async () => {}): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (m: { id: number; task: Task } | { close: true }) => {
    if ('close' in m) {
      void release()
        .catch(() => {})
        .finally(() => process.exit(0));
      return;
    }
    const fail = (e: unknown) => port.postMessage({ id: m.id, error: errorData(e) } satisfies ThreadReply);
    handle(m.task).then((value) => {
      try {
        port.postMessage({ id: m.id, value } satisfies ThreadReply);
      } catch (e) {
        // A value structured clone refuses (a function) is the task's error, not the thread's death.
        fail(e);
      }
    }, fail);
  });
  port.postMessage({ ready: true, id: 0 } satisfies ThreadReply);
}
