import { once } from 'node:events';
import { Redis } from 'ioredis';
import { AppError, isAppError } from '../lib/errors.js';
import { APP_COMMAND_TIMEOUT_MS, isConnectionError, type JobsConnection } from './connection.js';

/**
 * True when Redis at `url` answers PING within `timeoutMs`. One attempt, no reconnect loop: a health
 * check must give a verdict quickly rather than wait through a restart as the workers do.
 */
export async function redisAlive(url: string, timeoutMs = 3000): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {}); // the verdict is the return value; an unhandled 'error' event would print a stack
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** The sentence a person gets when a command needs the scheduler and Redis does not answer. */
export function schedulerUnreachable(cause?: unknown): AppError {
  return new AppError('SCHEDULER_UNREACHABLE', 'The scheduler is unreachable right now (Redis does not answer); try again in a minute.', {
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Failures that mean "Redis did not answer" rather than "Redis refused this command". */
function isUnreachable(err: unknown): boolean {
  return isConnectionError(err) || /Command timed out|max retries per request|enableOfflineQueue/i.test(String((err as Error | null)?.message ?? ''));
}

/**
 * Runs one app-side call on Redis (`conn` opened with role `app`) with a clear outcome within `timeoutMs`:
 * its result, its own error, or SCHEDULER_UNREACHABLE. While the connection knows Redis is away the call
 * is not even tried, so a command never waits for an outage; a connection still making its first
 * connect (a CLI command that just opened it) gets the rest of the time to become ready.
 * BullMQ offers no per-call deadline, and its Queue waits for a ready connection before its first
 * command whatever ioredis's options say, hence the race here.
 */
export async function withRedis<T>(conn: Pick<JobsConnection, 'redis' | 'isDown'>, call: () => Promise<T>, timeoutMs = APP_COMMAND_TIMEOUT_MS): Promise<T> {
  const status = conn.redis.status;
  if (conn.isDown() || status === 'reconnecting' || status === 'close' || status === 'end') throw schedulerUnreachable();
  const abort = new AbortController();
  const deadline = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => reject(schedulerUnreachable()), timeoutMs);
    abort.signal.addEventListener('abort', () => clearTimeout(timer));
  });
  const run = async (): Promise<T> => {
    if (conn.redis.status !== 'ready') await once(conn.redis, 'ready', { signal: abort.signal });
    return call();
  };
  try {
    return await Promise.race([run(), deadline]);
  } catch (e) {
    if (isAppError(e) || !isUnreachable(e)) throw e;
    throw schedulerUnreachable(e);
  } finally {
    abort.abort();
  }
}
