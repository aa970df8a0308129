import type { Redis } from 'ioredis';
import type { ChannelPacer } from '../slack/web-poster.js';

// Books the next free slot of a channel atomically, on Redis's clock so every worker agrees:
// slot = max(now, booked); booked = slot + interval. Returns how long to wait for the slot.
const BOOK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local booked = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, booked)
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], slot + interval, 'PX', slot + interval - now + 1000)
return slot - now`;

/**
 * About one chat.postMessage per second per channel across every worker process (Slack's limit).
 * BullMQ's own limiter counts a whole queue, and its per-group limits are not in the open-source
 * edition, so channels are paced here; a 429 that still happens delays just that job (see worker.ts).
 * Pacing is the Web API poster's business (it waits for a slot before each post), not the delivery
 * service's: the service only sees a post that takes longer. This pacer lives with the jobs because
 * it shares the workers' Redis connection.
 */
export function redisPacer(redis: Redis, prefix: string, intervalMs = 1000): ChannelPacer {
  return {
    async acquire(channel) {
      const wait = Number(await redis.eval(BOOK, 1, `${prefix}:pace:${channel}`, String(intervalMs)));
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    },
  };
}
