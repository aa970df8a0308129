import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../db/client.js';
import { importCsv } from '../db/import/import-csv.js';
import { generateDemoData, type PlantedFacts } from '../demo/generate-demo-data.js';
import { DEMO_KINDS, type ImportKind as DemoKind } from '../demo/types.js';
import { childLogger } from '../lib/logger.js';
import { refreshAnalytics } from './refresh.js';

export interface LoadDemoOptions {
  orders: number;
  seed: number;
  /** Last day of generated data, YYYY-MM-DD in SALES_TZ. */
  end: string;
  /** SALES_TZ: how the orders' times fall into business days. */
  timeZone: string;
}

export interface LoadDemoResult {
  counts: Record<DemoKind, number>;
  /** What the generator planted (scenario.ts), so a check can look for it. */
  planted: PlantedFacts;
  durationMs: number;
}

/**
 * Generates the demo portal into a temporary folder and loads it through the same import path a user's
 * files take, then refreshes the rollups once.
 */
export async function loadDemoData(database: Database, opts: LoadDemoOptions): Promise<LoadDemoResult> {
  const started = performance.now();
  const log = childLogger('demo');
  const dir = await mkdtemp(join(tmpdir(), 'sales-bot-demo-'));
  try {
    const generated = await generateDemoData({
      orders: opts.orders,
      seed: opts.seed,
      end: new Date(`${opts.end}T00:00:00Z`),
      outDir: dir,
    });
    // The demo's six export files: each is an import kind, in the import's order.
    for (const kind of DEMO_KINDS) {
      const result = await importCsv(database, { kind, source: generated.files[kind], timeZone: opts.timeZone });
      log.debug({ kind, rows: result.rows, ms: result.durationMs }, 'demo file imported');
    }
    // The plan after the people it names: the goals answer and pacing alerts have targets to show.
    await importCsv(database, { kind: 'targets', source: generated.targetsFile, timeZone: opts.timeZone });
    await refreshAnalytics(database, { trigger: 'demo', timeZone: opts.timeZone });
    return { counts: generated.counts, planted: generated.planted, durationMs: Math.round(performance.now() - started) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
