import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/lib/errors.js';
import { clvReport } from '../../../src/reports/clv/clv-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { daysAgo } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { API_TOKEN, SlackHarness } from '../../helpers/slack-harness.js';

/**
 * `sales-bot serve` computes heavy reports on report threads: a live clv fit answers, an error raised on
 * the thread reads as the same sentence as in-process, and SIGTERM still closes the process (the pool
 * ends its threads and their connections).
 */
describe('serve with report threads', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  beforeAll(async () => {
    t = await createTestDatabase();
    const s = seed();
    for (let c = 1; c <= 40; c++) {
      s.customer(`C${c}`, { name: `Customer ${c}`, region: c % 2 ? 'North' : 'South' });
      for (let k = 0; k <= c % 4; k++) s.sale({ order: `${c}-${k}`, on: daysAgo(200 - 3 * c - 17 * k), customer: `C${c}`, price: 10 + c });
    }
    await s.load(t.database);
    h = await new SlackHarness(t.database, { adminIds: ['UADMIN'] }).startProcess(t.url);
    h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'admin@example.com' });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await t?.drop();
  });

  it('answers a live clv fit, and a failure on the thread with the in-process sentence', async () => {
    const r = await h.command('clv region:North', 'UADMIN');
    expect(r.status).toBe(200);
    const [answer] = await h.responsesTo(r.responseUrl, 1, 60_000);
    expect(blockKitViolations(answer as never)).toEqual([]);
    expect(JSON.stringify(answer)).toContain(JSON.stringify(clvReport.title).slice(1, -1));

    let here: unknown;
    try {
      await runReport(t.database, clvReport, { filters: { customer: ['NOPE'] } });
    } catch (e) {
      here = e;
    }
    expect(isAppError(here)).toBe(true);
    const bad = await h.command('clv customer:NOPE', 'UADMIN');
    const [error] = await h.responsesTo(bad.responseUrl, 1, 60_000);
    expect(JSON.stringify(error)).toContain(JSON.stringify((here as Error).message).slice(1, -1));
  });

  it('the JSON API answers a heavy report as in-process, its errors too', async () => {
    const get = (query: string) => fetch(`${h.baseUrl}/api/analytics/${clvReport.name}?${query}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    const asOf = daysAgo(1).slice(0, 10);
    const ok = await get(`region=South&as-of=${asOf}`);
    expect(ok.status).toBe(200);
    const here = await runReport(t.database, clvReport, { filters: { region: ['South'] }, asOf });
    expect(await ok.json()).toEqual(JSON.parse(JSON.stringify(here)));

    const bad = await get('customer=NOPE');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^No customer "NOPE"/);
  });
});
