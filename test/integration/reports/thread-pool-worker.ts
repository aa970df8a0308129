import { readFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { AppError } from '../../../src/lib/errors.js';
import { serveThreadTasks } from '../../../src/lib/thread-tasks.js';

/** A ThreadPool worker for the pool's own tests: echoes, throws an AppError, dies, or tells its own niceness (Linux). */
export type PoolTestTask = { kind: 'echo'; value: unknown } | { kind: 'usage' } | { kind: 'crash' } | { kind: 'function' } | { kind: 'nice' };

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
    case 'nice':
      // Field 19 of this thread's own stat line (the 17th after the parenthesised name): its niceness.
      return { value: Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ')[16]), threadId };
  }
});
