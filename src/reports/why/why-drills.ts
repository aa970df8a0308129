import { RFM_SEGMENTS } from '../../analytics/rfm.js';
import type { DrillTarget } from '../../views/drill-target.js';
import type { WhyDriver, WhyReport } from './why-report.js';

/** Only members a drill-down can open: real regions and RFM segments (not "(none)" or "First order in period"). */
function opens(d: Pick<WhyDriver, 'dimension' | 'member'>): d is Pick<WhyDriver, 'member'> & { dimension: 'region' | 'segment' } {
  return (d.dimension === 'region' && d.member !== '(none)') || (d.dimension === 'segment' && (RFM_SEGMENTS as readonly string[]).includes(d.member));
}

/** The regions and segments that drove the change, in the drivers' order. */
export function whyDrills(r: Pick<WhyReport, 'drivers'>): DrillTarget[] {
  return r.drivers.flatMap((d): DrillTarget[] => (opens(d) ? [{ label: `${d.dimension}: ${d.name ?? d.member}`, drill: { kind: d.dimension, key: d.member } }] : []));
}
