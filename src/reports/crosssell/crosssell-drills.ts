import { customerDrillLabel, type DrillTarget } from '../../views/drill-target.js';
import type { CrossSellReport } from './crosssell-report.js';

/** Every listed customer, best suggestion score first (report order among equals). */
export function crosssellDrills(r: Pick<CrossSellReport, 'salesmen'>): DrillTarget[] {
  const best = (c: { suggestions?: readonly { score: number }[] | undefined }) => (c.suggestions ?? []).reduce((m, s) => Math.max(m, s.score), 0);
  return r.salesmen
    .flatMap((s) => s.customers)
    .filter((c) => typeof c.customerId === 'string' || typeof c.customerId === 'number') // stored JSON may be of an older shape
    .map((c, i) => ({ c, i, score: best(c) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ c }) => ({ label: customerDrillLabel(c), drill: { kind: 'customer', key: String(c.customerId) } }));
}
