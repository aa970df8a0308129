/**
 * A worker process for the crash test: the real workers, on the database, Redis prefix and fake Slack
 * the parent names, with short locks so the parent's worker takes over quickly once this one is killed.
 */
import { pino } from 'pino';
import { connect } from '../../../src/db/client.js';
import { redisPacer } from '../../../src/jobs/channel-pacer.js';
import { connectJobs } from '../../../src/jobs/connection.js';
import { startWorkers } from '../../../src/jobs/worker.js';
import { createWebPoster } from '../../../src/slack/web-poster.js';

const need = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

const database = await connect({ url: need('CHILD_DATABASE_URL'), max: 2 });
const connection = connectJobs({ url: need('CHILD_REDIS_URL'), prefix: need('CHILD_PREFIX') });
const readInterval = process.env.CHILD_READ_PACE_MS;
const slack = createWebPoster({
  token: 'xoxb-test-token',
  apiUrl: need('CHILD_SLACK_API_URL'),
  pacer: redisPacer(connection.redis, connection.prefix),
  // The kill test resumes many DMs at once; a shorter read pace keeps it within CI time.
  ...(readInterval ? { readPacer: redisPacer(connection.redis, connection.prefix, Number(readInterval)) } : {}),
});
const maxStalled = process.env.CHILD_MAX_STALLED;
const concurrency = process.env.CHILD_CONCURRENCY;
await startWorkers({
  database,
  connection,
  slack,
  log: pino({ level: 'silent' }),
  settings: { timeZone: 'UTC', staleAfterHours: 72, adminIds: [] },
  charts: true,
  nightlyCron: null,
  reconcile: false,
  lockDurationMs: 2_000,
  stalledIntervalMs: 1_000,
  ...(maxStalled ? { maxStalledCount: Number(maxStalled) } : {}),
  ...(concurrency ? { concurrency: Number(concurrency) } : {}),
});
process.stdout.write('ready\n');
