import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { redisWatcher } from '../../../src/jobs/connection.js';
import { withRedis } from '../../../src/jobs/redis-health.js';
import { isAppError } from '../../../src/lib/errors.js';

/** Just what withRedis reads of an ioredis client: its status and its 'ready' event. */
function fakeRedis(status: string): EventEmitter & { status: string } {
  return Object.assign(new EventEmitter(), { status });
}

const code = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isAppError(e) ? e.code : (e as Error).message;
  }
};

describe('withRedis (every app-side Redis call)', () => {
  it('does not even try a call while Redis is known to be away', async () => {
    let tried = false;
    const call = async () => {
      tried = true;
      return 1;
    };
    expect(await code(withRedis({ redis: fakeRedis('ready') as never, isDown: () => true }, call))).toBe('SCHEDULER_UNREACHABLE');
    expect(await code(withRedis({ redis: fakeRedis('reconnecting') as never, isDown: () => false }, call))).toBe('SCHEDULER_UNREACHABLE');
    expect(tried).toBe(false);
  });

  it('gives a call that never answers SCHEDULER_UNREACHABLE at its deadline', async () => {
    const never = new Promise<number>(() => {});
    expect(await code(withRedis({ redis: fakeRedis('ready') as never, isDown: () => false }, () => never, 50))).toBe('SCHEDULER_UNREACHABLE');
  });

  it('turns connection failures into SCHEDULER_UNREACHABLE and passes other errors and results through', async () => {
    const conn = { redis: fakeRedis('ready') as never, isDown: () => false };
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(await code(withRedis(conn, () => Promise.reject(refused)))).toBe('SCHEDULER_UNREACHABLE');
    expect(await code(withRedis(conn, () => Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false"))))).toBe('SCHEDULER_UNREACHABLE');
    expect(await code(withRedis(conn, () => Promise.reject(new Error('ERR wrong number of arguments'))))).toBe('ERR wrong number of arguments');
    expect(await withRedis(conn, async () => 42)).toBe(42);
  });

  it('lets a connection making its first connect become ready within the deadline', async () => {
    const redis = fakeRedis('connecting');
    setTimeout(() => {
      redis.status = 'ready';
      redis.emit('ready');
    }, 20);
    expect(await withRedis({ redis: redis as never, isDown: () => false }, async () => 'ok', 1_000)).toBe('ok');
    expect(redis.listenerCount('ready')).toBe(0);
  });
});

describe('redisWatcher', () => {
  function watcher(main: { status: string }) {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (c: Buffer, _e, done) => (lines.push(JSON.parse(c.toString()).msg), done()) }));
    return { w: redisWatcher(log, '127.0.0.1:1', main as never), lines };
  }
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

  it('says once that Redis is lost and once that it is back, then tells who listens', () => {
    const main = { status: 'reconnecting' };
    const { w, lines } = watcher(main);
    let reconnects = 0;
    w.onReconnect(() => reconnects++);
    for (let i = 0; i < 50; i++) w.error(refused);
    expect(w.isDown()).toBe(true);
    main.status = 'ready';
    w.ready();
    w.ready();
    expect(lines).toEqual([expect.stringMatching(/is unreachable \(ECONNREFUSED\)/), expect.stringMatching(/is reachable again/)]);
    expect(reconnects).toBe(1);
  });

  it('takes a late connection error of another connection while the main one is ready for no outage', () => {
    const { w, lines } = watcher({ status: 'ready' });
    w.error(new Error('Connection is closed.'));
    expect(lines).toEqual([]);
    expect(w.isDown()).toBe(false);
  });
});
