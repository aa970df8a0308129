import type { DrillTarget } from '../../views/drill-target.js';
import type { GeoReport } from './geo-report.js';

/** Each region (⚠ when under-served), opening its cities. */
export function geoDrills(r: Pick<GeoReport, 'regions'>): DrillTarget[] {
  return r.regions.map((x) => ({ label: x.underServed ? `${x.region} ⚠` : x.region, drill: { kind: 'region', key: x.region } }));
}
