import type { JobsControl } from '../services/jobs-control.js';
import type { Logger } from 'pino';
import { connectJobs } from './connection.js';
import { withRedis } from './redis-health.js';
import { createQueues, jobId, QUEUE_NAMES, type Queues } from './queues.js';
import { nextRunsBySubscription, scheduleSubscription, unscheduleSubscription } from './schedules.js';

/** The job system without Redis: schedules are kept only in Postgres until a worker with Redis starts. */
export const IN_PROCESS_CONTROL: JobsControl = {
  mode: 'in-process',
  reachable: async () => {},
  schedule: async () => null,
  unschedule: async () => {},
  nextRuns: async () => new Map(),
  queueStats: async () => null,
  runNow: async () => {
    throw new Error('REDIS_URL is not set; run it with `sales-bot digest run <id>`');
  },
  afterImport: async () => {},
  close: async () => {},
};

/** Runs one call on Redis; the app's bounds every call (see withRedis), tests may pass calls straight through. */
export type RedisGuard = <T>(call: () => Promise<T>) => Promise<T>;

const unguarded: RedisGuard = (call) => call();

/** The job system on Redis queues; `guard` gives each call its deadline and its "unreachable" outcome. */
export function redisJobsControl(queues: Queues, fallbackTimeZone: string, onClose: () => Promise<void> = async () => {}, guard: RedisGuard = unguarded): JobsControl {
  return {
    mode: 'redis',
    // One cheap read through the queue itself, so its own connection set-up is part of the check.
    reachable: () => guard(async () => void (await queues.byName.runs.getJobCounts('waiting'))),
    schedule: (sub) => guard(() => scheduleSubscription(queues, sub, fallbackTimeZone)),
    unschedule: (id) => guard(() => unscheduleSubscription(queues, id)),
    nextRuns: () => guard(() => nextRunsBySubscription(queues)),
    queueStats: () =>
      guard(() =>
        Promise.all(
          QUEUE_NAMES.map(async (name) => {
            const c = await queues.byName[name].getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
            return { name, waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0 };
          }),
        ),
      ),
    async runNow(subscriptionId) {
      const runKey = `m${Date.now()}`;
      const id = jobId('subscription-run', subscriptionId, runKey);
      await guard(() => queues.add('subscription-run', { subscriptionId, runKey, trigger: 'manual' }, { jobId: id }));
      return id;
    },
    async afterImport(opts = {}) {
      const payload = opts.snapshotsPending ? { trigger: 'import' as const, snapshotsOnly: true } : { trigger: 'import' as const, alreadyRefreshed: true };
      await guard(() => queues.add('snapshot-refresh', payload, { jobId: jobId('after-import', Date.now()) }));
    },
    async close() {
      await queues.close();
      await onClose();
    },
  };
}

/**
 * The job control a process's configuration asks for: Redis queues when `redisUrl` is set, else
 * in-process. The command that starts the process (`serve`, `import`) reads the settings, opens one,
 * hands it to whoever needs it (the Slack app gets it in its deps) and closes it on the way out.
 * Its connection fails fast (role `app`): a Redis outage gives SCHEDULER_UNREACHABLE within
 * APP_COMMAND_TIMEOUT_MS, never a command that waits for Redis to come back.
 */
export function openJobsControl(config: { redisUrl: string | undefined; prefix: string; timeZone: string; log?: Logger }): JobsControl {
  if (!config.redisUrl) return IN_PROCESS_CONTROL;
  const conn = connectJobs({ url: config.redisUrl, prefix: config.prefix, role: 'app', ...(config.log ? { log: config.log } : {}) });
  return redisJobsControl(createQueues(conn), config.timeZone, () => conn.close(), (call) => withRedis(conn, call));
}
