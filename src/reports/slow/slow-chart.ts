import type { ChartConfiguration } from 'chart.js';
import type { SlowReport, SlowReportProduct } from './slow-report.js';
import { compact, truncate } from '../../charts/chart-kit.js';
import { horizontalBarsChart } from '../../charts/horizontal-bars.js';
import { DOWN, MUTED, PALETTE } from '../../charts/theme.js';

const TOP = 10;

const AGES = [
  { label: 'Never sold', colour: PALETTE[7] as string, test: (d: number | null) => d === null },
  { label: '90+ days', colour: DOWN as string, test: (d: number | null) => d !== null && d >= 90 },
  { label: '60–89 days', colour: PALETTE[1] as string, test: (d: number | null) => d !== null && d >= 60 && d < 90 },
  { label: '30–59 days', colour: MUTED, test: (d: number | null) => d !== null && d < 60 },
];

const ageOf = (p: SlowReportProduct) => AGES.find((a) => a.test(p.daysSinceSale))!;
const since = (p: SlowReportProduct) => (p.daysSinceSale === null ? 'never sold' : `idle ${p.daysSinceSale} d`);

/**
 * Where money sleeps: stock value of the listed slow movers, largest first, coloured by time since the
 * last sale. Without known stock, days since the last sale instead; null when nothing is slow.
 */
export function slowChart(r: SlowReport): ChartConfiguration<'bar'> | null {
  const title = `Slow movers · as of ${r.referenceDay}`;
  const subtitle = `${r.buckets.d30} products without a sale in 30 days · ${compact(r.stockValue.d30)} in stock`;
  const stocked = r.products.filter((p) => (p.stockValue ?? 0) > 0).sort((p, q) => q.stockValue! - p.stockValue!);
  const aged = stocked.length ? stocked : r.products.filter((p) => p.daysSinceSale !== null);
  const top = aged.slice(0, TOP);
  if (top.length === 0) return null;
  const legend = AGES.filter((a) => top.some((p) => ageOf(p) === a)).map(({ label, colour }) => ({ label, colour }));
  return horizontalBarsChart({
    title,
    subtitle,
    axisTitle: stocked.length ? 'Stock value' : 'Days since the last sale',
    bars: top.map((p) => ({
      label: truncate(p.name || p.productId, 26),
      value: stocked.length ? p.stockValue! : p.daysSinceSale!,
      valueLabel: stocked.length ? `${compact(p.stockValue!)} · ${since(p)}` : since(p),
      colour: ageOf(p).colour,
    })),
    legend,
  });
}
