import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rows } from '../sql/run.js';

/** Internal ids of salesmen by portal id (ids not found are absent). */
export async function salesmanIdsByExternal(database: Database, externalIds: readonly string[]): Promise<Map<string, number>> {
  if (externalIds.length === 0) return new Map();
  const r = await rows<{ id: number; externalId: string }>(
    database,
    sql`select id, external_id as "externalId" from salesmen where external_id in (${sql.join(externalIds.map((v) => sql`${v}`), sql`, `)})`,
  );
  return new Map(r.map((x) => [x.externalId, Number(x.id)]));
}
