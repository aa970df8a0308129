import type { DrillTarget } from '../../views/drill-target.js';
import type { RfmReport } from './rfm-report.js';

/** Each segment with its customer count, opening the segment's customers. */
export function rfmDrills(r: Pick<RfmReport, 'segments'>): DrillTarget[] {
  return r.segments.map((s) => ({ label: `${s.segment} (${s.customers})`, drill: { kind: 'segment', key: s.segment } }));
}
