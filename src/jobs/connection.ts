import { Redis } from 'ioredis';
import { env } from '../config/env.js';

/** One Redis connection for queues, workers and the channel pacer, plus the key prefix they share. */
export interface JobsConnection {
  redis: Redis;
  /** Prefix of every BullMQ key (QUEUE_PREFIX); tests use throwaway ones. */
  prefix: string;
  close(): Promise<void>;
}

/**
 * Connects to REDIS_URL (or `url`). `maxRetriesPerRequest: null` is what BullMQ workers need: their
 * blocking commands must wait through a Redis restart instead of failing after a few retries.
 */
export function connectJobs(opts: { url?: string; prefix?: string } = {}): JobsConnection {
  const url = opts.url ?? env().REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set');
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
  return {
    redis,
    prefix: opts.prefix ?? env().QUEUE_PREFIX,
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
