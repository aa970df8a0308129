import type { Command } from 'commander';
import { AppError } from '../../lib/errors.js';

function seconds(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n <= 60)) throw new AppError('USAGE', `--timeout must be seconds from 1 to 60, got "${v}".`);
  return n;
}

/** Resolves to `fallback` if `work` takes longer than `ms` (a hung connect must not outlive the check). */
async function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `sales-bot health`: can this container reach what the worker needs (PostgreSQL at DATABASE_URL, Redis
 * at REDIS_URL)? Exit 0 and one line when both answer, exit 1 naming what does not. docker compose uses
 * it as the worker's healthcheck (a worker has no HTTP port; the app has /healthz).
 */
export function registerHealth(program: Command): void {
  program
    .command('health')
    .description('Check that PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) answer; exit 1 naming what does not. The worker container\'s healthcheck.')
    .option('--timeout <seconds>', 'give up on each service after this long', seconds, 5)
    .action(async (opts: { timeout: number }) => {
      const { env } = await import('../../config/env.js');
      const e = env();
      const ms = opts.timeout * 1000;
      const problems: string[] = [];
      const up: string[] = [];
      if (e.DATABASE_URL) {
        const { connect } = await import('../../db/client.js');
        const { databaseAlive } = await import('../../db/queries/health.js');
        const alive = within(
          (async () => {
            const database = await connect({ url: e.DATABASE_URL, max: 1 });
            try {
              return await databaseAlive(database);
            } finally {
              await database.close();
            }
          })().catch(() => false),
          ms,
          false,
        );
        if (await alive) up.push('PostgreSQL');
        else problems.push(`PostgreSQL at ${new URL(e.DATABASE_URL).host} does not answer`);
      } else {
        // The embedded database belongs to the one process that opened it; another must not open it too.
        up.push('embedded database (not checked from outside)');
      }
      if (e.REDIS_URL) {
        const { redisAlive } = await import('../../jobs/redis-health.js');
        if (await redisAlive(e.REDIS_URL, ms)) up.push('Redis');
        else problems.push(`Redis at ${new URL(e.REDIS_URL).host} does not answer`);
      } else {
        problems.push('REDIS_URL is not set (the worker needs Redis)');
      }
      if (problems.length > 0) {
        process.stderr.write(`unhealthy: ${problems.join('; ')}.\n`);
        // A connect to an unreachable host is still pending inside the driver; the verdict is given, so
        // exit now instead of outliving the healthcheck's own timeout.
        process.exit(1);
      }
      process.stdout.write(`healthy: ${up.join(', ')} answer.\n`);
    });
}
