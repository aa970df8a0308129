import { createConnection } from 'node:net';
import { TEST_PG_URL, TEST_REDIS_URL } from './services.js';

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: u.hostname, port: Number(u.port || defaultPort) });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Fails the run at once with one line per missing service instead of a wall of connection errors. */
export default async function setup(): Promise<void> {
  const missing: string[] = [];
  if (!(await reachable(TEST_PG_URL, 5432))) {
    const u = new URL(TEST_PG_URL);
    missing.push(`PostgreSQL is not reachable at ${u.hostname}:${u.port || 5432} (set TEST_DATABASE_URL or start it: docker compose up -d postgres)`);
  }
  if (!(await reachable(TEST_REDIS_URL, 6379))) {
    const u = new URL(TEST_REDIS_URL);
    missing.push(`Redis is not reachable at ${u.hostname}:${u.port || 6379} (set TEST_REDIS_URL or start it: docker compose up -d redis)`);
  }
  if (missing.length > 0) throw new Error(missing.join('\n'));
}
