import { z } from 'zod';
import { RFM_SEGMENTS } from '../../analytics/rfm.js';
import { countOf } from '../../lib/format.js';
import type { DrillRef } from '../parse/action-value.js';

export interface DrillTarget {
  label: string;
  drill: DrillRef;
}

/** More than a select menu holds is never useful. */
const MAX_TARGETS = 100;

const named = z.object({ customerId: z.union([z.string(), z.number()]), name: z.string().nullish() });
const customerList = z.object({ customers: z.array(named) });
const shapes = {
  rfm: z.object({ segments: z.array(z.object({ segment: z.string(), customers: z.number().optional() })) }),
  abc: z.object({ summary: z.object({ A: z.number(), B: z.number(), C: z.number() }) }),
  churn: customerList,
  clv: customerList,
  crosssell: z.object({
    salesmen: z.array(z.object({ customers: z.array(named.extend({ suggestions: z.array(z.object({ score: z.number() })).optional() })) })),
  }),
  geo: z.object({ regions: z.array(z.object({ region: z.string(), underServed: z.boolean().optional() })) }),
  why: z.object({ drivers: z.array(z.object({ dimension: z.string(), member: z.string(), name: z.string().optional() })) }),
};

const customerLabel = (c: z.infer<typeof named>): string => {
  const id = String(c.customerId);
  return c.name ? `${c.name} (${id})` : id;
};

/**
 * What a report answer can drill into, read from the report's result object: rfm → its segments,
 * abc → the classes that have products, churn/clv/crosssell → the listed customers (portal ids, in the
 * report's ranking), geo → regions, why → the regions and segments that drove the change. Other
 * reports (and any result that does not have the expected shape) → none. Product drills are not
 * offered yet: the server has no product drill-down.
 */
export function drillTargets(report: string, result: unknown): DrillTarget[] {
  try {
    return unique(targetsOf(report, result)).slice(0, MAX_TARGETS);
  } catch {
    return [];
  }
}

function targetsOf(report: string, result: unknown): DrillTarget[] {
  switch (report) {
    case 'rfm': {
      const r = shapes.rfm.safeParse(result);
      return r.success ? r.data.segments.map((s) => ({ label: s.customers === undefined ? s.segment : `${s.segment} (${s.customers})`, drill: { kind: 'segment', key: s.segment } })) : [];
    }
    case 'abc': {
      const r = shapes.abc.safeParse(result);
      if (!r.success) return [];
      return (['A', 'B', 'C'] as const)
        .filter((c) => r.data.summary[c] > 0)
        .map((c) => ({ label: `Class ${c} (${countOf(r.data.summary[c], 'product')})`, drill: { kind: 'class', key: c } }));
    }
    case 'churn':
    case 'clv': {
      const r = shapes[report].safeParse(result);
      return r.success ? r.data.customers.map((c) => ({ label: customerLabel(c), drill: { kind: 'customer', key: String(c.customerId) } })) : [];
    }
    case 'crosssell': {
      const r = shapes.crosssell.safeParse(result);
      if (!r.success) return [];
      const best = (c: { suggestions?: { score: number }[] | undefined }) => (c.suggestions ?? []).reduce((m, s) => Math.max(m, s.score), 0);
      return r.data.salesmen
        .flatMap((s) => s.customers)
        .map((c, i) => ({ c, i, score: best(c) }))
        .sort((a, b) => b.score - a.score || a.i - b.i)
        .map(({ c }) => ({ label: customerLabel(c), drill: { kind: 'customer', key: String(c.customerId) } }));
    }
    case 'geo': {
      const r = shapes.geo.safeParse(result);
      return r.success ? r.data.regions.map((x) => ({ label: x.underServed ? `${x.region} ⚠` : x.region, drill: { kind: 'region', key: x.region } })) : [];
    }
    case 'why': {
      const r = shapes.why.safeParse(result);
      if (!r.success) return [];
      // Only members a drill-down can open: real regions and RFM segments (not "(none)" or "First order in period").
      const opens = (d: { dimension: string; member: string }) =>
        (d.dimension === 'region' && d.member !== '(none)') || (d.dimension === 'segment' && (RFM_SEGMENTS as readonly string[]).includes(d.member));
      return r.data.drivers.flatMap((d): DrillTarget[] =>
        opens(d) ? [{ label: `${d.dimension}: ${d.name ?? d.member}`, drill: { kind: d.dimension as 'region' | 'segment', key: d.member } }] : [],
      );
    }
    default:
      return [];
  }
}

function unique(targets: DrillTarget[]): DrillTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const id = `${t.drill.kind}\u0000${t.drill.key}`;
    if (t.drill.key.trim() === '' || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
