import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '../db/client.js';
import { databaseAlive } from '../db/queries/health.js';
import { sendJson } from './http-json.js';

/** GET /healthz: 200 when the database answers, 503 otherwise (load balancers and compose use it). */
export function healthRoute(database: Database) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const ok = await databaseAlive(database);
    sendJson(res, ok ? 200 : 503, { ok, database: ok ? 'up' : 'down' });
  };
}
