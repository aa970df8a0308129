import { formatInt, formatMoney } from '../../lib/format.js';
import type { AlertBatchView, AlertRow } from '../../services/alerts.js';
import { context, header, message, section, type Block, type Message } from './builders.js';
import { sectionLines } from './section-lines.js';
import { slackDate } from './slack-format.js';
import { escapeFit } from './text.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

function line(row: AlertRow): string {
  const d = row.details;
  const name = escapeFit(str(d.name) || str(d.productExternalId), 120, 'Product');
  const id = escapeFit(str(d.productExternalId), 40);
  const last = d.lastSoldAt ? `last sold ${escapeFit(str(d.lastSoldAt).slice(0, 10), 12)} (${formatInt(Number(d.daysSinceSale) || 0)} days)` : 'never sold';
  const stock = d.stockValue === null || d.stockValue === undefined ? 'stock value unknown' : `stock ${formatInt(Number(d.stockQty) || 0)} · *${formatMoney(Number(d.stockValue))}*`;
  const sold = row.state === 'recovered' ? ' · :tada: sold again' : '';
  return `• *${name}* [${id}] · ${last} · ${stock}${sold}`;
}

function bucketBlocks(rows: readonly AlertRow[]): Block[] {
  const blocks: Block[] = [];
  for (const bucket of [90, 60, 30]) {
    const inBucket = rows.filter((r) => Number(r.details.bucket) === bucket);
    if (inBucket.length === 0) continue;
    blocks.push(...sectionLines([`*No sale in ${bucket}+ days* (${formatInt(inBucket.length)})`, ...inBucket.map(line)]));
  }
  return blocks;
}

/**
 * Products that have just gone 30, 60 or 90 days without a sale, grouped by how long, with the stock
 * value tied up, for a stock channel. Updated when one of them sells again. With `batch.all` it is the
 * summary of a larger announcement (totals of all, the products with most stock value here, the rest in
 * its thread); with `batch.part`, one of the thread messages.
 */
export function slowMoversMessage(rows: readonly AlertRow[], opts: { dataAsOf?: string | null; batch?: AlertBatchView } = {}): Message {
  const part = opts.batch?.part;
  if (part) {
    const last = part.first + rows.length - 1;
    return message(`Slow movers ${part.first}–${last} of ${part.total}`, [
      section(`*Slow movers, ${formatInt(part.first)}–${formatInt(last)} of ${formatInt(part.total)}*`),
      ...bucketBlocks(rows),
    ]);
  }
  const all = opts.batch?.all && opts.batch.all.length > rows.length ? opts.batch.all : rows;
  const more = all.length - rows.length;
  const value = all.filter((r) => r.state !== 'recovered').reduce((s, r) => s + (Number(r.details.stockValue) || 0), 0);
  const blocks: (Block | undefined)[] = [header(`Slow movers: ${formatInt(all.length)} product${all.length === 1 ? '' : 's'} without a sale`)];
  blocks.push(...bucketBlocks(rows));
  if (more > 0) blocks.push(section(`:thread: *${formatInt(more)} more product${more === 1 ? '' : 's'}* ${more === 1 ? 'is' : 'are'} in this message's thread.`));
  blocks.push(
    context([`${formatMoney(value)} of stock tied up${opts.dataAsOf ? ` · data as of ${slackDate(opts.dataAsOf, '{date_short_pretty}')}` : ''} · \`/sales slow\` lists every slow product.`]),
  );
  return message(`${all.length} slow-moving product${all.length === 1 ? '' : 's'}, ${formatMoney(value)} of stock`, blocks);
}
