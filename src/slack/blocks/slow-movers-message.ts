import { formatInt, formatMoney } from '../../lib/format.js';
import type { AlertRow } from '../../services/alerts.js';
import { context, header, message, type Block, type Message } from './builders.js';
import { sectionLines } from './section-lines.js';
import { slackDate } from './slack-format.js';
import { escapeFit } from './text.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

function line(row: AlertRow): string {
  const d = row.details;
  const name = escapeFit(str(d.name) || str(d.productExternalId), 120, 'Product');
  const id = escapeFit(str(d.productExternalId), 40);
  const last = d.lastSoldAt ? `last sold ${escapeFit(str(d.lastSoldAt), 12)} (${formatInt(Number(d.daysSinceSale) || 0)} days)` : 'never sold';
  const stock = d.stockValue === null || d.stockValue === undefined ? 'stock value unknown' : `stock ${formatInt(Number(d.stockQty) || 0)} · *${formatMoney(Number(d.stockValue))}*`;
  const sold = row.state === 'recovered' ? ' · :tada: sold again' : '';
  return `• *${name}* [${id}] · ${last} · ${stock}${sold}`;
}

/**
 * Products that have just gone 30, 60 or 90 days without a sale, grouped by how long, with the stock
 * value tied up, for a stock channel. Updated when one of them sells again.
 */
export function slowMoversMessage(rows: readonly AlertRow[], opts: { dataAsOf?: string | null } = {}): Message {
  const value = rows.filter((r) => r.state !== 'recovered').reduce((s, r) => s + (Number(r.details.stockValue) || 0), 0);
  const blocks: (Block | undefined)[] = [header(`Slow movers: ${formatInt(rows.length)} product${rows.length === 1 ? '' : 's'} without a sale`)];
  for (const bucket of [90, 60, 30]) {
    const inBucket = rows.filter((r) => Number(r.details.bucket) === bucket);
    if (inBucket.length === 0) continue;
    blocks.push(...sectionLines([`*No sale in ${bucket}+ days* (${formatInt(inBucket.length)})`, ...inBucket.map(line)]));
  }
  blocks.push(
    context([`${formatMoney(value)} of stock tied up${opts.dataAsOf ? ` · data as of ${slackDate(opts.dataAsOf, '{date_short_pretty}')}` : ''} · \`/sales slow\` lists every slow product.`]),
  );
  return message(`${rows.length} slow-moving product${rows.length === 1 ? '' : 's'}, ${formatMoney(value)} of stock`, blocks);
}
