import { threadId } from 'node:worker_threads';
import { AppError } from '../../../src/lib/errors.js';
import { serveThreadTasks } from '../../../src/lib/thread-tasks.js';

/** A ThreadPool worker for the pool's own tests: echoes, throws an AppError, or dies. */
export type PoolTestTask = { kind: 'echo'; value: unknown } | { kind: 'usage' } | { kind: 'crash' } | { kind: 'function' };

serveThreadTasks<PoolTestTask>(async (task) => {
  switch (task.kind) {
    case 'echo':
      return { value: task.value, threadId };
    case 'usage':
      throw new AppError('USAGE', 'That is not a report option.', { hint: 'Type /sales help.', details: ['min-support'] });
    case 'crash':
      process.exit(3);
    case 'function':
      return { f: () => 1 };
  }
});
