import { Redis } from 'ioredis';

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
