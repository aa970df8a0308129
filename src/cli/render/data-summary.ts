import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monthlyRevenueChart } from '../../charts/monthly-revenue.js';
import { renderPng } from '../../charts/render.js';
import { bar, formatInt, formatMoney, formatPercent, textTable } from '../../lib/format.js';
import type { DataSummary } from '../../services/data-summary.js';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** The demo's first screen: what is in the database, in a few readable blocks. */
export function renderDataSummary(s: DataSummary): string {
  const c = s.counts;
  const out: string[] = [];
  out.push(
    `Data: ${formatInt(c.orders)} orders (${formatInt(c.orderLines)} lines) from ${day(c.firstOrderAt)} to ${day(c.lastOrderAt)}, ` +
      `revenue ${formatMoney(c.revenue)}.`,
    `      ${formatInt(c.customers)} customers in ${formatInt(c.regions)} regions, ${formatInt(c.salesmen)} salesmen, ` +
      `${formatInt(c.products)} products in ${formatInt(c.categories)} categories, ${formatInt(c.leads)} leads, ${formatInt(c.activities)} activities.`,
  );
  if (s.months.length > 0) {
    const max = Math.max(...s.months.map((m) => Number(m.revenue)));
    out.push('', 'Revenue by month');
    out.push(
      textTable(
        ['month', 'orders', 'revenue', ''],
        s.months.map((m) => [m.month, formatInt(m.orders), formatMoney(m.revenue), bar(Number(m.revenue), max)]),
        ['l', 'r', 'r', 'l'],
      ),
    );
  }
  const total = Number(c.revenue);
  if (s.regions.length > 0) {
    out.push('', 'Regions');
    out.push(
      textTable(
        ['region', 'customers', 'revenue', 'share'],
        s.regions.map((r) => [r.region, formatInt(r.customers), formatMoney(r.revenue), total ? formatPercent(Number(r.revenue) / total) : '—']),
        ['l', 'r', 'r', 'r'],
      ),
    );
  }
  const named = (title: string, list: DataSummary['topCustomers']) => {
    if (list.length === 0) return;
    out.push('', title);
    out.push(textTable(['id', 'name', 'revenue'], list.map((x) => [x.id, x.name, formatMoney(x.revenue)]), ['l', 'l', 'r']));
  };
  named('Top customers', s.topCustomers);
  named('Top products', s.topProducts);
  return out.join('\n') + '\n';
}

/** Renders the summary's monthly revenue as a PNG into `dir`; returns the file path. */
export async function writeMonthlyRevenueChart(s: DataSummary, dir: string): Promise<string> {
  const first = s.months[0]!.month;
  const last = s.months[s.months.length - 1]!.month;
  const config = monthlyRevenueChart(
    s.months.map((m) => ({ month: m.month, revenue: Number(m.revenue) })),
    `Revenue by month · ${first} to ${last}`,
  );
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'revenue-by-month.png');
  await writeFile(file, await renderPng(config));
  return file;
}
