import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows as sqlRows } from '../../../src/db/sql/run.js';
import { REPORTS } from '../../../src/reports/registry.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { actionValues, type Msg } from './message-parts.js';
import { slackWorld, type SlackWorld } from './slack-setup.js';

type Json = Record<string, any>;

/** Tables travel in the message's attachments (Slack's table block "Usage info"); the fake Slack refuses one in `blocks`. */
const tablesOf = (m: Msg): Json[] => ((m.attachments as Json[] | undefined) ?? []).flatMap((a) => (a.blocks ?? []) as Json[]).filter((b) => b.type === 'table');
const cells = (table: Json): string[][] => table.rows.map((r: Json[]) => r.map((c) => c.text));
const contextText = (m: Msg): string =>
  ((m.blocks as Json[] | undefined) ?? [])
    .filter((b) => b.type === 'context')
    .flatMap((b) => b.elements.map((e: Json) => e.text))
    .join('\n');

/** Issue 11 item 4: every answer's rows in Slack's table block, by name, with the columns that carry its meaning. */
describe("answers in Slack's table block (real app over signed HTTP, fake Slack)", () => {
  let w: SlackWorld;
  let salesmanNames: Set<string>;
  const answer = async (commandText: string, user = 'UMANAGER'): Promise<Msg> => {
    const r = await w.h.command(commandText, user);
    return (await w.h.responsesTo(r.responseUrl))[0]!;
  };
  const exportCsv = async (m: Msg): Promise<string[][]> => {
    const [exp] = actionValues(m, 'report_export');
    const r = await w.h.click({ action_id: 'report_export', value: exp!.value }, 'UMANAGER');
    expect(r.status).toBe(200);
    await w.h.responsesTo(r.responseUrl!);
    const complete = w.h.slack.callsTo('files.completeUploadExternal').at(-1)!;
    const fileId = (complete.args.files as { id: string }[])[0]!.id;
    return parse(w.h.slack.uploads.get(fileId)!.bytes.toString('utf8')) as string[][];
  };

  beforeAll(async () => {
    w = await slackWorld();
    await answer('admin role <@UMANAGER|m> manager', 'UADMIN');
    salesmanNames = new Set((await sqlRows<{ name: string }>(w.t.database, sql`select name from salesmen`)).map((r) => r.name));
  }, 120_000);
  afterAll(() => w?.close());

  it('every report answers with valid Block Kit: one table block of its rows, or none for key figures', async () => {
    for (const r of REPORTS) {
      const m = await answer(r.name);
      expect(blockKitViolations(m as never), r.name).toEqual([]);
      const tables = tablesOf(m);
      expect(tables.length, r.name).toBeLessThanOrEqual(1);
      if (r.name === 'kpi') {
        expect(tables, 'kpi').toHaveLength(0);
        expect(JSON.stringify(m.blocks), 'kpi').not.toMatch(/No rows/);
        continue;
      }
      const empty = JSON.stringify(m.blocks).includes('No rows for this request');
      if (!empty) expect(tables, r.name).toHaveLength(1);
      for (const t of tables) {
        const grid = cells(t);
        for (const row of grid) expect(row, r.name).toHaveLength(grid[0]!.length);
        for (const row of grid) for (const c of row) expect(c.trim(), r.name).not.toBe('');
      }
    }
  }, 300_000);

  it('affinity shows support, confidence and lift, products by name', async () => {
    const m = await answer('affinity');
    const grid = cells(tablesOf(m)[0]!);
    expect(grid[0]).toEqual(['bought', 'also buys', 'orders', 'support', 'confidence', 'lift']);
    expect(grid.length).toBeGreaterThan(1);
    for (const row of grid.slice(1)) {
      expect(row[3]).toMatch(/^\d+\.\d\d%$/);
      expect(row[4]).toMatch(/^\d+\.\d%$/);
      expect(Number(row[5])).toBeGreaterThan(0);
      expect(row[0]).not.toMatch(/\[/);
    }
  });

  it('churn shows the reason, the value at risk and the owner by name; its CSV has ids and plain numbers', async () => {
    const m = await answer('churn');
    const grid = cells(tablesOf(m)[0]!);
    expect(grid[0]).toEqual(['customer', 'owner', 'value at risk / year', 'last order', 'why at risk']);
    for (const row of grid.slice(1)) {
      expect(salesmanNames.has(row[1]!) || row[1] === 'unassigned').toBe(true);
      expect(row[4]).toMatch(/ordered every|bought on|last order/);
    }
    const csv = await exportCsv(m);
    expect(csv[0]!.slice(0, 5)).toEqual(['customer_id', 'customer', 'salesman_id', 'salesman', 'value_at_risk']);
    expect(csv.length).toBeGreaterThan(1);
    for (const row of csv.slice(1)) {
      expect(row[0]).toMatch(/\S/);
      expect(row[4]).toMatch(/^-?\d+(\.\d+)?$/);
    }
  });

  it('cross-sell names the salesman (not an id) and says what the customer bought', async () => {
    const m = await answer('crosssell');
    const grid = cells(tablesOf(m)[0]!);
    expect(grid[0]).toEqual(['salesman', 'customer', 'suggest', 'because they bought', 'confidence', 'lift']);
    expect(grid.length).toBeGreaterThan(1);
    for (const row of grid.slice(1)) {
      expect(salesmanNames.has(row[0]!) || row[0] === 'unassigned', row[0]).toBe(true);
      expect(row[3]).not.toBe('—');
    }
  });

  it('cross-sell and affinity CSVs carry the portal ids beside the names, and fractions as numbers', async () => {
    const cross = await exportCsv(await answer('crosssell'));
    expect(cross[0]).toEqual(['salesman_id', 'salesman', 'customer_id', 'customer', 'product_id', 'product', 'because_product_ids', 'because_they_bought', 'confidence', 'lift', 'support', 'score']);
    expect(cross.length).toBeGreaterThan(1);
    for (const row of cross.slice(1)) {
      expect(salesmanNames.has(row[1]!) || row[1] === '').toBe(true);
      expect(row[2]).toMatch(/\S/);
      expect(row[4]).toMatch(/\S/);
      expect(Number(row[8])).toBeGreaterThan(0);
      expect(Number(row[8])).toBeLessThanOrEqual(1);
    }
    const affinity = await exportCsv(await answer('affinity'));
    expect(affinity[0]!.slice(0, 8)).toEqual(['bought_product_ids', 'bought', 'also_buys_product_ids', 'also_buys', 'orders', 'support', 'confidence', 'lift']);
    for (const row of affinity.slice(1)) {
      expect(row[5]).toMatch(/^0\.\d+(e-\d+)?$/);
      expect(row[4]).toMatch(/^\d+$/);
    }
  });

  it('seasonality shows all twelve months on the first page', async () => {
    const m = await answer('seasonality from:2020-01-01');
    const [table] = tablesOf(m);
    if (!table) {
      // The demo data may hold fewer than 24 complete months: then the answer says so instead.
      expect(contextText(m)).toMatch(/month/);
      return;
    }
    expect(cells(table)[0]).toEqual(['month', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
    // The CSV has a row per month while the table shows 1–2 rows: the DM's comment counts the CSV's rows.
    const csv = await exportCsv(m);
    const comment = String(w.h.slack.callsTo('files.completeUploadExternal').at(-1)!.args.initial_comment);
    expect(csv.length - 1).toBeGreaterThan(cells(table).length - 1);
    expect(comment).toContain(`: ${csv.length - 1} rows`);
    expect(comment).not.toMatch(/\b1 rows\b/);
  });

  it('a long list says how many rows follow and how to get them; the CSV writes numbers as numbers', async () => {
    const m = await answer('abc');
    // The view knows the whole list's size, so the count is exact and the pages are numbered.
    const [, shown, total] = /rows 1–(\d+) of ([\d,]+)/.exec(contextText(m)) ?? [];
    expect(Number(shown)).toBe(10);
    const all = Number(total!.replace(/,/g, ''));
    expect(all).toBeGreaterThan(20);
    expect(contextText(m)).toContain(`…and ${(all - 10).toLocaleString('en-US')} more rows: Next ▶ shows them, Export CSV has the whole list.`);
    const csv = await exportCsv(m);
    expect(csv).toHaveLength(all + 1);
    const revenue = csv[0]!.indexOf('revenue');
    expect(revenue).toBeGreaterThan(-1);
    for (const row of csv.slice(1)) expect(row[revenue]).toMatch(/^-?\d+(\.\d+)?$/);
  });

  it('a drill-down shows its rows in a table block and counts the rest', async () => {
    const first = await answer('rfm');
    const drills = actionValues(first, 'report_drill');
    const isSelect = JSON.stringify(first).includes('static_select');
    // The biggest segment, so the list is longer than one answer.
    const biggest = drills.map((d) => ({ ...d, n: Number(/\((\d+)\)$/.exec(d.label)?.[1] ?? 0) })).sort((a, b) => b.n - a.n)[0]!;
    expect(biggest.n).toBeGreaterThan(15);
    const r = await w.h.click(isSelect ? { action_id: 'report_drill', selected: biggest.value } : { action_id: 'report_drill', value: biggest.value }, 'UMANAGER');
    const drilled = (await w.h.responsesTo(r.responseUrl!))[0]!;
    expect(blockKitViolations(drilled as never)).toEqual([]);
    const grid = cells(tablesOf(drilled)[0]!);
    expect(grid[0]).toEqual(['customer', 'name', 'days since', 'orders', 'revenue', 'RFM']);
    expect(grid).toHaveLength(16);
    expect(contextText(drilled)).toContain(`…and ${biggest.n - 15} more rows (${biggest.n} in all): Export CSV has them all.`);
  });
});
