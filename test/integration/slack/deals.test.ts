import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnv } from '../../../src/config/env.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { API_TOKEN, SlackHarness } from '../../helpers/slack-harness.js';
import { dealSeed } from './deal-fixture.js';
import { text, type Msg } from './message-parts.js';

interface DealsJson {
  report: string;
  deals: { leadId: string; customer: string; salesman: string; stage: string; amount: number; daysInStage: number; reasons: string[] }[];
  atRiskCount: number;
  atRiskAmount: number;
  thresholds: { stage: string; history: number; p90Days: number | null }[];
}

describe('/sales deals: deals at risk, hand-computed (see deal-fixture.ts)', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  const answer = async (commandText: string, user = 'UMANAGER'): Promise<Msg> => {
    const r = await h.command(commandText, user);
    return (await h.responsesTo(r.responseUrl))[0]!;
  };

  beforeAll(async () => {
    resetEnv();
    t = await createTestDatabase();
    await dealSeed().load(t.database);
    h = await new SlackHarness(t.database, { adminIds: ['UADMIN'] }).start();
    h.slack.users.set('USAM', { id: 'USAM', email: 'sam@example.com' });
    h.slack.users.set('UTESS', { id: 'UTESS', email: 'tess@example.com' });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await t?.drop();
  });

  it('flags each reason once, with the thresholds and days computed by hand, and no healthy deal', async () => {
    const res = await fetch(`${h.baseUrl}/api/analytics/deals`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as DealsJson;
    expect(body.thresholds).toEqual([
      { stage: 'lead', history: 13, p90Days: 10 },
      { stage: 'opportunity', history: 9, p90Days: 22 },
    ]);
    expect(body.deals.map((d) => [d.leadId, d.customer, d.salesman, d.stage, d.amount, d.daysInStage, d.reasons])).toEqual([
      ['X1', 'Alpha Stores', 'Sam Seller', 'opportunity', 5000, 30, ['stalled']],
      ['X4', 'Epsilon Foods', 'Sam Seller', 'won', 4000, 45, ['won_no_order']],
      ['X2', 'Beta Shop', 'Sam Seller', 'opportunity', 3000, 20, ['no_activity']],
      ['X3', 'Gamma Traders', 'Tess Trader', 'opportunity', 2000, 10, ['overdue']],
    ]);
    expect([body.atRiskCount, body.atRiskAmount]).toEqual([4, 14000]);
  });

  it('answers a manager with every deal at risk, and a salesman with his own only', async () => {
    const all = await answer('deals', 'UADMIN');
    expect(blockKitViolations(all as never)).toEqual([]);
    for (const id of ['X1', 'X2', 'X3', 'X4']) expect(text(all)).toContain(id);
    for (const id of ['G1', 'G2', 'G3', 'G4', 'L1', 'H1']) expect(text(all)).not.toContain(id);

    for (const q of ['deals', 'deals salesman:S2', 'deals customer:C']) {
      const sam = text(await answer(q, 'USAM'));
      expect(sam).not.toContain('Gamma Traders');
      expect(sam).not.toContain('X3');
      if (q === 'deals') for (const id of ['X1', 'X2', 'X4']) expect(sam).toContain(id);
    }
    const tess = text(await answer('deals', 'UTESS'));
    expect(tess).toContain('X3');
    for (const id of ['X1', 'X2', 'X4']) expect(tess).not.toContain(id);
  });
});
