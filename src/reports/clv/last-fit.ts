import type { BgNbdParams } from '../../analytics/bgnbd.js';
import { daysPerUnit, type TimeUnit } from '../../analytics/clv.js';
import type { GammaGammaParams } from '../../analytics/gamma-gamma.js';
import type { Database } from '../../db/client.js';
import { readSnapshot } from '../../db/queries/report-snapshots.js';
import { DEFAULT_VIEW } from '../snapshot.js';

/** Starting parameters for a fit, from the last stored one. */
export interface LastFit {
  bgnbd?: BgNbdParams;
  gammaGamma?: GammaGammaParams;
}

const positive = (v: unknown): v is number => typeof v === 'number' && v > 0 && Number.isFinite(v);

/**
 * The models of the stored default clv view (the refresh step keeps it), as starting parameters for a
 * new fit in `unit`: a warm start. The stored fit may be for another window, filter or day; it only
 * decides where the optimiser starts, not where it ends (the same optimum, in fewer steps). α is a time
 * scale, so it is converted from the stored view's unit. Undefined when nothing usable is stored.
 * Reads the clv snapshot only: churn stores the same fit (one fit per context).
 */
export async function lastFit(database: Database, unit: TimeUnit): Promise<LastFit | undefined> {
  const s = await readSnapshot(database, 'clv', DEFAULT_VIEW);
  const body = s?.result as
    | { settings?: { unit?: unknown }; model?: { bgnbd?: Record<string, unknown>; gammaGamma?: Record<string, unknown> | null } | null }
    | undefined;
  const model = body?.model;
  const storedUnit = body?.settings?.unit;
  if (!model || (storedUnit !== 'day' && storedUnit !== 'week')) return undefined;
  const out: LastFit = {};
  const bg = model.bgnbd;
  if (bg && positive(bg.r) && positive(bg.alpha) && positive(bg.a) && positive(bg.b)) {
    out.bgnbd = { r: bg.r, alpha: (bg.alpha * daysPerUnit(storedUnit)) / daysPerUnit(unit), a: bg.a, b: bg.b };
  }
  const gg = model.gammaGamma;
  if (gg && positive(gg.p) && positive(gg.q) && positive(gg.v)) out.gammaGamma = { p: gg.p, q: gg.q, v: gg.v };
  return out.bgnbd || out.gammaGamma ? out : undefined;
}
