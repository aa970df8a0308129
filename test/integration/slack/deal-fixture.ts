import { daysAgo } from '../../helpers/fixtures.js';
import { seed, type Seed } from '../../helpers/seed.js';

/**
 * Hand-computed deal-risk fixture, days counted back from today (T). Sam (S1, USAM) owns customers A, B
 * and E; Tess (S2, UTESS) owns C and D.
 *
 * Finished stays (company-wide, all leads):
 *   lead:        2,2,3,5,5,5,6,8,10,10,10,10,12 (n 13) → p90 (type 7) = x[10.8] = 10
 *   opportunity: 5,5,6,10,10,10,18,20,30 (n 9)         → p90 = x[7.2] = 20 + 0.2 × 10 = 22
 * At risk:
 *   X1 (Sam, A, 5000): opportunity for 30 d > 22 → stalled (activity on A 3 d ago, closes in the future)
 *   X4 (Sam, E, 4000): won 45 d ago, E last ordered 100 d ago → won_no_order
 *   X2 (Sam, B, 3000): opportunity 20 d (< 22), last activity on B 16 d ago → no_activity
 *   X3 (Tess, C, 2000): opportunity 10 d, activity 2 d ago, expected close 3 d ago → overdue
 * Healthy: G1 (fresh opportunity with activity, closing later), G2 (won 10 d ago), G3 (won 40 d ago,
 * D ordered since), G4 (a 4-day-old lead), L1 (lost, with a past close date).
 */
export function dealSeed(): Seed {
  const s = seed()
    .salesman('S1', { name: 'Sam Seller', email: 'sam@example.com', region: 'North' })
    .salesman('S2', { name: 'Tess Trader', email: 'tess@example.com', region: 'South' })
    .customer('A', { name: 'Alpha Stores', region: 'North', salesman: 'S1' })
    .customer('B', { name: 'Beta Shop', region: 'North', salesman: 'S1' })
    .customer('E', { name: 'Epsilon Foods', region: 'North', salesman: 'S1' })
    .customer('C', { name: 'Gamma Traders', region: 'South', salesman: 'S2' })
    .customer('D', { name: 'Delta Dairy', region: 'South', salesman: 'S2' });
  for (const [order, days, customer, salesman] of [
    [1, 100, 'E', 'S1'],
    [2, 60, 'A', 'S1'],
    [3, 5, 'D', 'S2'],
    [4, 0, 'A', 'S1'],
  ] as const) {
    s.sale({ order, on: daysAgo(days), customer, salesman, qty: 1, price: 100 });
  }
  const deal = (lead: string, customer: string, salesman: string, created: number, steps: [stage: 'opportunity' | 'won' | 'lost', day: number][], extra: { amount?: number; expectedClose?: string } = {}) => {
    s.lead({ lead, created: daysAgo(created), stage: 'lead', customer, salesman, ...extra });
    for (const [stage, day] of steps) s.lead({ lead, created: daysAgo(created), stage, changed: daysAgo(day), customer, salesman, ...extra });
  };
  // History: closed long ago by Tess on D (D ordered 5 d ago, after every one of these wins).
  deal('H1', 'D', 'S2', 200, [['opportunity', 190], ['won', 180]]);
  deal('H2', 'D', 'S2', 200, [['opportunity', 195], ['lost', 175]]);
  deal('H3', 'D', 'S2', 200, [['opportunity', 188], ['won', 170]]);
  deal('H4', 'D', 'S2', 200, [['opportunity', 192], ['lost', 186]]);
  deal('H5', 'D', 'S2', 200, [['opportunity', 194], ['won', 164]]);
  const future = (n: number) => daysAgo(-n);
  deal('X1', 'A', 'S1', 35, [['opportunity', 30]], { amount: 5000, expectedClose: future(20) });
  deal('X2', 'B', 'S1', 22, [['opportunity', 20]], { amount: 3000, expectedClose: future(20) });
  deal('X3', 'C', 'S2', 12, [['opportunity', 10]], { amount: 2000, expectedClose: daysAgo(3) });
  deal('X4', 'E', 'S1', 60, [['opportunity', 50], ['won', 45]], { amount: 4000 });
  deal('G1', 'A', 'S1', 8, [['opportunity', 5]], { amount: 1000, expectedClose: future(10) });
  deal('G2', 'D', 'S2', 20, [['opportunity', 15], ['won', 10]], { amount: 700 });
  deal('G3', 'D', 'S2', 60, [['opportunity', 50], ['won', 40]], { amount: 800 });
  deal('G4', 'C', 'S2', 4, [], { amount: 600 });
  deal('L1', 'A', 'S1', 70, [['opportunity', 60], ['lost', 50]], { amount: 900, expectedClose: daysAgo(55) });
  s.activity({ id: 'AC1', at: daysAgo(3), salesman: 'S1', kind: 'call', customer: 'A' });
  s.activity({ id: 'AC2', at: daysAgo(16), salesman: 'S1', kind: 'visit', customer: 'B' });
  s.activity({ id: 'AC3', at: daysAgo(2), salesman: 'S2', kind: 'email', customer: 'C' });
  return s;
}
