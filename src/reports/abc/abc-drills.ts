import { countOf } from '../../lib/format.js';
import type { DrillTarget } from '../../views/drill-target.js';
import type { AbcReport } from './abc-report.js';

/** The classes that have products, opening the class's products. */
export function abcDrills(r: Pick<AbcReport, 'summary'>): DrillTarget[] {
  return (['A', 'B', 'C'] as const)
    .filter((c) => r.summary[c] > 0)
    .map((c) => ({ label: `Class ${c} (${countOf(r.summary[c], 'product')})`, drill: { kind: 'class', key: c } }));
}
