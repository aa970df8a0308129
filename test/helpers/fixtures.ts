import { Readable } from 'node:stream';
import { env } from '../../src/config/env.js';
import type { Database } from '../../src/db/client.js';
import { importCsv, type ImportKind } from '../../src/db/import/import-csv.js';
import { IMPORT_KINDS } from '../../src/db/import/kinds.js';
import { refreshAnalytics } from '../../src/services/refresh.js';

export type FixtureFiles = Partial<Record<ImportKind, string>>;

const DAY_MS = 86_400_000;

/** YYYY-MM-DD of `n` days before `today` (UTC), for fixtures that must look recent to "as of today" reports. */
export function daysAgo(n: number, today: Date = new Date()): string {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Loads CSV fixtures through the real import path (parents first), then refreshes the rollups and
 * snapshots, exactly as `sales-bot import` does.
 */
export async function loadFixture(
  database: Database,
  files: FixtureFiles,
  opts: { timeZone?: string; createMissing?: boolean } = {},
): Promise<void> {
  for (const kind of IMPORT_KINDS) {
    const text = files[kind];
    if (text === undefined) continue;
    await importCsv(database, {
      kind,
      source: Readable.from([Buffer.from(text)]),
      timeZone: opts.timeZone ?? 'UTC',
      createMissing: opts.createMissing ?? false,
    });
  }
  await refreshAnalytics(database, { trigger: 'test', timeZone: env().SALES_TZ });
}
