import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnv } from '../../../src/config/env.js';
import { encodeAction } from '../../../src/slack/parse/action-value.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { daysAgo } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { API_TOKEN, SlackHarness } from '../../helpers/slack-harness.js';
import { actionValues, text, type Msg } from './message-parts.js';


/**
 * Two salesmen with two customers each. Sam (USAM) owns Alpha and Beta; Tess (UTESS) owns Gamma and
 * Delta, whose names must never reach Sam, whatever he types or clicks.
 */
describe('a salesman sees only their own data', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  const OTHERS = ['Gamma Traders', 'Delta Dairy'];

  const answer = async (commandText: string, user = 'USAM'): Promise<Msg> => {
    const r = await h.command(commandText, user);
    return (await h.responsesTo(r.responseUrl))[0]!;
  };
  const click = async (actionId: string, value: string, user = 'USAM'): Promise<Msg> => {
    const r = await h.click({ action_id: actionId, value }, user);
    return (await h.responsesTo(r.responseUrl!))[0]!;
  };
  const expectNoOthers = (msg: Msg | string) => {
    const s = typeof msg === 'string' ? msg : text(msg);
    for (const name of OTHERS) expect(s).not.toContain(name);
    expect(s).not.toContain('"C"');
  };

  beforeAll(async () => {
    resetEnv();
    t = await createTestDatabase();
    const s = seed()
      .salesman('S1', { name: 'Sam Seller', email: 'sam@example.com', region: 'North' })
      .salesman('S2', { name: 'Tess Trader', email: 'tess@example.com', region: 'South' })
      .customer('A', { name: 'Alpha Stores', city: 'Oslo', region: 'North', salesman: 'S1' })
      .customer('B', { name: 'Beta Shop', city: 'Bergen', region: 'North', salesman: 'S1' })
      .customer('C', { name: 'Gamma Traders', city: 'Rome', region: 'South', salesman: 'S2' })
      .customer('D', { name: 'Delta Dairy', city: 'Milan', region: 'South', salesman: 'S2' })
      .product('P1', { name: 'Printer', category: 'Hardware' })
      .product('P2', { name: '=HYPERLINK("http://x")', category: 'Supplies' });
    const line = (order: number, days: number, customer: string, product: string, salesman: string, qty: number, price: number) =>
      s.sale({ order, on: daysAgo(days), customer, product, salesman, qty, price });
    let order = 1;
    for (let d = 200; d >= 5; d -= 15) {
      line(order++, d, 'A', 'P1', 'S1', 2, 100);
      line(order++, d - 1, 'B', 'P2', 'S1', 1, 40);
      line(order++, d, 'C', 'P1', 'S2', 5, 100);
      line(order++, d - 2, 'D', 'P2', 'S2', 3, 40);
    }
    await s.load(t.database);
    h = await new SlackHarness(t.database, { adminIds: ['UADMIN'] }).start();
    h.slack.users.set('USAM', { id: 'USAM', email: 'sam@example.com' });
    h.slack.users.set('UTESS', { id: 'UTESS', email: 'tess@example.com' });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await t?.drop();
  });

  it('keeps every report to his own customers, even with another salesman’s filters', async () => {
    for (const report of ['kpi', 'rfm', 'churn', 'clv', 'crosssell', 'abc', 'geo', 'timing', 'consistency', 'why']) {
      for (const filter of ['', 'salesman:S2', 'customer:C', 'region:South']) {
        const msg = await answer(`${report} ${filter}`.trim());
        expect(blockKitViolations(msg as never)).toEqual([]);
        expectNoOthers(msg);
      }
    }
  });

  it('shows his own revenue in KPIs and in the JSON behind them, not the company’s', async () => {
    const msg = await answer('abc');
    // Sam sold 14 × (2 × 100) + 14 × 40 = 3360 in the fixture window; the company sold 10,080.
    expect(text(msg)).toMatch(/3,360/);
    expect(text(msg)).not.toMatch(/10,080/);
  });

  it('re-applies his scope to forged button values (page, export, drill)', async () => {
    // Asking for another salesman's customers is answered with a scope sentence, not an empty list (issue 11).
    const page = await click('report_page', encodeAction({ v: 1, kind: 'page', report: 'clv', q: 'clv customer:C,D', page: 0 }));
    expect(text(page)).toMatch(/your own customers only/i);
    expectNoOthers(page);
    const own = await click('report_page', encodeAction({ v: 1, kind: 'page', report: 'clv', q: 'clv customer:A,B', page: 0 }));
    expect(text(own)).toMatch(/Customer lifetime value|CLV/i);
    expectNoOthers(own);
    const drill = await click('report_drill', encodeAction({ v: 1, kind: 'drill', report: 'churn', q: 'churn', drill: { kind: 'customer', key: 'C' } }));
    // Another salesman's customer reads like an unknown id, so ids cannot be probed (issue 14).
    expect(text(drill)).toMatch(/not found in your data/);
    expectNoOthers(drill);
    const region = await click('report_drill', encodeAction({ v: 1, kind: 'drill', report: 'geo', q: 'geo', drill: { kind: 'region', key: 'South' } }));
    expectNoOthers(region);

    // An export asking for another salesman is refused with the scope sentence (issue 11) and uploads nothing.
    h.slack.reset();
    const refused = await click('report_export', encodeAction({ v: 1, kind: 'export', report: 'abc', q: 'abc salesman:S2' }));
    expect(text(refused)).toMatch(/your own customers only/i);
    expect(h.slack.callsTo('files.completeUploadExternal')).toHaveLength(0);
    await click('report_export', encodeAction({ v: 1, kind: 'export', report: 'abc', q: 'abc' }));
    const complete = h.slack.callsTo('files.completeUploadExternal').at(-1)!;
    const fileId = (complete.args.files as { id: string }[])[0]!.id;
    const csvText = h.slack.uploads.get(fileId)!.bytes.toString('utf8');
    expectNoOthers(csvText);
  });

  it('escapes spreadsheet formulas in exports', async () => {
    h.slack.reset();
    const msg = await answer('abc', 'UADMIN');
    const [exp] = actionValues(msg, 'report_export');
    await click('report_export', exp!.value, 'UADMIN');
    const complete = h.slack.callsTo('files.completeUploadExternal').at(-1)!;
    const fileId = (complete.args.files as { id: string }[])[0]!.id;
    const cells = (parse(h.slack.uploads.get(fileId)!.bytes.toString('utf8')) as string[][]).flat();
    expect(cells.some((c) => c.includes('HYPERLINK'))).toBe(true);
    for (const c of cells) expect(c).not.toMatch(/^[=+@]/);
  });

  it('keeps App Home to his own numbers', async () => {
    h.slack.reset();
    await h.event({ type: 'app_home_opened', user: 'USAM', channel: 'D1', tab: 'home' });
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > 0);
    const view = h.slack.callsTo('views.publish')[0]!.args.view as Msg;
    expectNoOthers(view);
    expect(text(view)).toContain('Sam Seller');
  });

  it('gives the JSON API only to the bearer of API_TOKEN', async () => {
    const url = `${h.baseUrl}/api/analytics/abc`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0000000' } })).status).toBe(401);
    const ok = await fetch(`${url}?region=North`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { report: string; filters: { region: string[] } };
    expect(body.report).toBe('abc');
    expect(body.filters.region).toEqual(['North']);
    const bad = await fetch(`${url}?regoin=North`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/region/);
  });
});
