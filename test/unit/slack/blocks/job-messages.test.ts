import { describe, expect, it } from 'vitest';
import type { AlertRow } from '../../../../src/services/alerts.js';
import type { Digest } from '../../../../src/services/digest.js';
import type { JobStatus } from '../../../../src/services/job-status.js';
import type { SubscriptionRow } from '../../../../src/services/subscriptions.js';
import { alertMessage, recoveredNote } from '../../../../src/slack/blocks/alert-message.js';
import { atRiskMessage } from '../../../../src/slack/blocks/at-risk-message.js';
import { ALERT_ACTION_IDS, churnAlertMessage } from '../../../../src/slack/blocks/churn-alert-message.js';
import { CROSSSELL_ACTION_IDS, crossSellDmMessage } from '../../../../src/slack/blocks/crosssell-dm-message.js';
import { digestMessage } from '../../../../src/slack/blocks/digest-message.js';
import { slowMoversMessage } from '../../../../src/slack/blocks/slow-movers-message.js';
import { statusMessage } from '../../../../src/slack/blocks/status-message.js';
import {
  deliveryProblemMessage,
  staleDataMessage,
  subscriptionChangedMessage,
  subscriptionListMessage,
  unreachableSalesmenMessage,
} from '../../../../src/slack/blocks/subscriptions-message.js';
import { blockKitViolations } from '../../../helpers/block-kit-validator.js';

const huge = '<!channel> *bold* `tick` & ' + '東京😀'.repeat(3000);

function row(id: number, over: Partial<AlertRow> = {}, details: Record<string, unknown> = {}): AlertRow {
  return {
    id,
    alertKind: 'churn',
    subjectKey: `C0SALES:C${id}`,
    customerId: id,
    productId: null,
    state: 'open',
    snoozedUntil: null,
    assignedSlackUserId: null,
    channelId: 'C0SALES',
    messageTs: '1.000001',
    details: {
      customerExternalId: `C${id}`,
      name: `Customer ${id}`,
      ownerName: 'Ann Smith',
      ownerExternalId: 'S1',
      rhythm: 'ordered every ~7 days, last order 23 days ago (usually within 9 days)',
      valueAtRisk: 1234.5 * id,
      lastOrderDay: '2024-03-01',
      rank: id,
      ...details,
    },
    openedAt: '2024-04-01T08:00:00.000Z',
    updatedAt: '2024-04-01T08:00:00.000Z',
    ...over,
  };
}

const texts = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);
const buttons = (m: { blocks: unknown[] }) =>
  (m.blocks as { type: string; elements?: { type: string; action_id: string; value?: string }[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);

function expectValid(m: { text: string; blocks: unknown[] }) {
  expect(blockKitViolations(m)).toEqual([]);
}

describe('churn and at-risk alerts', () => {
  it('shows each case with owner, rhythm, value at risk and the three buttons carrying the alert id', () => {
    const m = churnAlertMessage([row(1), row(2)], { dataAsOf: '2024-04-01T10:00:00Z' });
    expectValid(m);
    expect(texts(m)).toContain('Customer 2');
    expect(texts(m)).toContain('owner Ann Smith');
    expect(texts(m)).toContain('ordered every ~7 days');
    expect(texts(m)).toContain('2,469'); // value at risk of customer 2
    expect(buttons(m).map((b) => `${b.action_id}=${b.value}`)).toEqual([
      `${ALERT_ACTION_IDS.snooze}=1`,
      `${ALERT_ACTION_IDS.handled}=1`,
      `${ALERT_ACTION_IDS.assign}=1`,
      `${ALERT_ACTION_IDS.snooze}=2`,
      `${ALERT_ACTION_IDS.handled}=2`,
      `${ALERT_ACTION_IDS.assign}=2`,
    ]);
  });

  it('renders states: snoozed, handled, assigned and recovered (no buttons once handled or recovered)', () => {
    const m = churnAlertMessage([
      row(1, { state: 'snoozed', snoozedUntil: '2024-04-08T08:00:00Z' }, { snoozedBy: 'U0ANN' }),
      row(2, { state: 'handled' }, { handledBy: 'U0BOB' }),
      row(3, { assignedSlackUserId: 'U0CAT' }),
      row(4, { state: 'recovered' }),
    ]);
    expectValid(m);
    const t = texts(m);
    expect(t).toContain('Snoozed until <!date^');
    expect(t).toContain('Handled by <@U0BOB>');
    expect(t).toContain('Assigned to <@U0CAT>');
    expect(t).toContain('Recovered');
    const ids = buttons(m).map((b) => b.value);
    expect(ids).not.toContain('2');
    expect(ids).not.toContain('4');
    // snoozed: no second snooze; assigned: no "Assign to me"
    expect(buttons(m).filter((b) => b.value === '1').map((b) => b.action_id)).toEqual([ALERT_ACTION_IDS.handled, ALERT_ACTION_IDS.assign]);
    expect(buttons(m).filter((b) => b.value === '3').map((b) => b.action_id)).toEqual([ALERT_ACTION_IDS.snooze, ALERT_ACTION_IDS.handled]);
  });

  it('stays valid with the most cases and hostile text, and escapes it', () => {
    const rows = Array.from({ length: 15 }, (_, i) => row(i + 1, {}, { name: huge, ownerName: huge, rhythm: huge, customerExternalId: huge }));
    for (const m of [churnAlertMessage(rows), atRiskMessage(rows), alertMessage('churn', 'D0ANN', rows, null)]) {
      expectValid(m);
      expect(texts(m)).not.toContain('<!channel>');
    }
    expect(texts(atRiskMessage(rows))).not.toContain(ALERT_ACTION_IDS.assign);
  });

  it('picks the personal wording in a DM and the team wording in a channel', () => {
    expect(alertMessage('churn', 'D0ANN', [row(1)], null).blocks[0]).toMatchObject({ type: 'header', text: { text: 'One of your customers is at risk' } });
    expect(alertMessage('churn', 'C0SALES', [row(1)], null).blocks[0]).toMatchObject({ type: 'header', text: { text: 'Customers newly at risk of churning' } });
  });
});

describe('alerts that do not fit one message: summary plus thread', () => {
  const many = Array.from({ length: 160 }, (_, i) => row(160 - i)); // highest value at risk first

  it('the summary totals every case, shows the top ones and says where the rest are', () => {
    const m = churnAlertMessage(many.slice(0, 10), { batch: { all: many } });
    expectValid(m);
    expect(texts(m)).toContain('160 customers');
    expect(texts(m)).toContain('150 more customers* are in this message');
    expect(m.text).toMatch(/^160 customers newly at risk \(/);
    expect(buttons(m).filter((b) => b.action_id === ALERT_ACTION_IDS.handled)).toHaveLength(10);
    const dm = alertMessage('churn', 'D0ANN', many.slice(0, 10), null, { all: many });
    expectValid(dm);
    expect(texts(dm)).toContain('160 of your customers are at risk');
    expect(texts(dm)).toContain('150 more customers');
  });

  it('a thread message says which part of the batch it is, with the same buttons', () => {
    const part = many.slice(10, 25);
    for (const channel of ['C0SALES', 'D0ANN']) {
      const m = alertMessage('churn', channel, part, null, { part: { first: 11, total: 160 } });
      expectValid(m);
      expect(texts(m)).toContain('11–25 of 160');
      expect(buttons(m).filter((b) => b.action_id === ALERT_ACTION_IDS.handled)).toHaveLength(15);
    }
  });

  it('slow movers and cross-sell say how many more there are too', () => {
    const slow = Array.from({ length: 40 }, (_, i) => row(i + 1, { alertKind: 'slow' }, { productExternalId: `P${i}`, name: `Product ${i}`, bucket: 90, lastSoldAt: null, stockValue: 10 }));
    const s = alertMessage('slow', 'C0STOCK', slow.slice(0, 15), null, { all: slow });
    expectValid(s);
    expect(texts(s)).toContain('25 more products');
    expect(texts(s)).toContain('40 products without a sale');
    const xs = [row(1, { alertKind: 'crosssell' }, { customerName: 'Acme', productName: 'Toner', becauseNames: ['Printer'], confidence: 0.5, lift: 2, moreSuggestions: 12 })];
    const x = alertMessage('crosssell', 'D0BOB', xs, null);
    expectValid(x);
    expect(texts(x)).toContain('12 more suggestions');
    expect(texts(x)).toContain('/sales crosssell');
  });

  it('recoveries are named in the thread', () => {
    const m = recoveredNote('churn', [row(1), row(2)]);
    expectValid(m);
    expect(texts(m)).toContain('2 customers ordered again');
    expect(texts(m)).toContain('Customer 2');
    const lots = recoveredNote('churn', Array.from({ length: 400 }, (_, i) => row(i + 1, {}, { name: huge })));
    expectValid(lots);
    expect(texts(lots)).toContain('and 100 more');
  });
});

describe('fan-out notices', () => {
  it('a fan-out to every salesman reads as each salesman\'s local time', () => {
    const m = subscriptionListMessage([subscription(3, { kind: 'alert', subject: 'at-risk', target: 'salesmen', cron: '0 8 * * 1', filters: {} })], new Map([[3, Date.parse('2024-04-07T18:00:00Z')]]));
    expectValid(m);
    expect(texts(m)).toContain("each salesman's local time");
    expect(texts(m)).toContain('first DMs from <!date^');
  });

  it('tells the owner who could not be reached and why, once', () => {
    const missing = [
      { salesmanId: 3, externalId: 'S3', name: 'Cid Moss', email: 'cid@example.com', reason: 'email_not_in_slack' as const },
      { salesmanId: 4, externalId: 'S4', name: 'Dee Park', email: null, reason: 'deactivated' as const },
      { salesmanId: 5, externalId: 'S5', name: huge, email: null, reason: 'no_slack_user' as const },
      { salesmanId: 6, externalId: 'S6', name: 'Fay', email: null, reason: 'slack_user_gone' as const },
    ];
    const m = unreachableSalesmenMessage(subscription(9, { kind: 'alert', subject: 'at-risk', target: 'salesmen' }), missing, 12);
    expectValid(m);
    const t = texts(m);
    expect(t).toContain('could not reach *4 salesmen*');
    expect(t).toContain('12 others were reached');
    expect(t).toContain('nobody in this Slack workspace has the email cid@example.com');
    expect(t).toContain('deactivated');
    expect(t).toContain('no longer exists');
    expect(t).not.toContain('<!channel>');
    const many = Array.from({ length: 300 }, (_, i) => ({ ...missing[0]!, salesmanId: i, externalId: `S${i}` }));
    const big = unreachableSalesmenMessage(subscription(9), many, 0);
    expectValid(big);
    expect(texts(big)).toContain('and 240 more');
  });
});

describe('slow movers and cross-sell', () => {
  const slow = (id: number, bucket: number, over: Partial<AlertRow> = {}) =>
    row(id, { alertKind: 'slow', customerId: null, productId: id, ...over }, { productExternalId: `P${id}`, name: `Product ${id}`, bucket, lastSoldAt: bucket === 90 ? null : '2024-01-01', daysSinceSale: bucket, stockQty: 10, stockValue: 100 * id });

  it('groups slow movers by bucket with stock value, marks the ones sold again', () => {
    const m = slowMoversMessage([slow(1, 30), slow(2, 90), slow(3, 60, { state: 'recovered' })]);
    expectValid(m);
    const t = texts(m);
    expect(t.indexOf('No sale in 90+ days')).toBeLessThan(t.indexOf('No sale in 60+ days'));
    expect(t).toContain('never sold');
    expect(t).toContain('sold again');
    expect(m.text).toContain('300'); // 100 + 200 still tied up, the recovered one not counted
  });

  it('slow movers stay valid with hundreds of hostile rows', () => {
    expectValid(slowMoversMessage(Array.from({ length: 400 }, (_, i) => slow(i + 1, [30, 60, 90][i % 3]!, { details: { name: huge, productExternalId: huge, bucket: 30 } }))));
  });

  const xsell = (id: number, over: Partial<AlertRow> = {}, details: Record<string, unknown> = {}) =>
    row(id, { alertKind: 'crosssell', productId: 100 + id, ...over }, { customerName: `Customer ${id}`, productName: `Toner ${id}`, becauseNames: ['Printer'], confidence: 0.62, lift: 4.1, ...details });

  it('cross-sell DM: one suggestion per block with Add to call list / Not relevant, answers shown instead of buttons', () => {
    const m = crossSellDmMessage([xsell(1), xsell(2, { state: 'handled' }, { verdict: 'not_relevant', handledBy: 'U0ANN' }), xsell(3, { state: 'handled' }, { verdict: 'call_list', handledBy: 'U0ANN' })]);
    expectValid(m);
    const t = texts(m);
    expect(t).toContain('they bought Printer; 62% of such baskets');
    expect(t).toContain('Not relevant (<@U0ANN>)');
    expect(t).toContain('On the call list (<@U0ANN>)');
    expect(buttons(m).map((b) => `${b.action_id}=${b.value}`)).toEqual([`${CROSSSELL_ACTION_IDS.callList}=1`, `${CROSSSELL_ACTION_IDS.notRelevant}=1`]);
    expectValid(crossSellDmMessage(Array.from({ length: 20 }, (_, i) => xsell(i + 1, {}, { customerName: huge, productName: huge, becauseNames: [huge, huge] }))));
  });
});

function digestFixture(over: Partial<Digest> = {}): Digest {
  const envelope = { asOf: '2024-04-07', dataAsOf: '2024-04-07T18:00:00.000Z', period: { to: '2024-04-07' }, filters: {}, source: 'live' as const };
  const driver = (name: string, delta: number) => ({ dimension: 'product' as const, member: name, name, previous: 1000, current: 1000 + delta, delta, share: 0.5 });
  return {
    asOf: '2024-04-07',
    periodDays: 7,
    periods: { current: { from: '2024-04-01', to: '2024-04-07' }, previous: { from: '2024-03-25', to: '2024-03-31' } },
    dataAsOf: '2024-04-07T18:00:00.000Z',
    filters: { region: ['North'] },
    kpi: {
      ...envelope,
      report: 'kpi',
      today: '2024-04-07',
      runRate: 30000,
      monthToDate: 7000,
      activeSalesmenRatio: 0.5,
      topMover: null,
      details: { runRate: { monthToDate: 7000, daysElapsed: 7, daysInMonth: 30, runRate: 30000 }, activeSalesmen: { active: 4, withSale: 2, ratio: 0.5 }, minUnits: 5 },
      dailyRevenue: Array.from({ length: 30 }, (_, i) => ({ day: `2024-03-${String(i + 1).padStart(2, '0')}`, revenue: i * 10 })),
    },
    revenue: { current: 12000, previous: 10000, delta: 2000, changeRatio: 0.2 },
    moversUp: [driver('Toner', 1500)],
    moversDown: [driver('Paper', -300)],
    segmentShifts: [
      { segment: 'Champions', previous: 10, current: 12, delta: 2 },
      { segment: 'At Risk', previous: 5, current: 4, delta: -1 },
    ],
    why: { ...envelope, report: 'why' } as unknown as Digest['why'],
    ...over,
  } as Digest;
}

describe('digest', () => {
  it('shows revenue vs the previous period, KPI cards, movers, segment shifts and the charts', () => {
    const m = digestMessage(digestFixture(), { kpi: { kind: 'file', fileId: 'F0KPI', alt: 'Daily revenue' }, why: { kind: 'failed', reason: 'no data' } });
    expectValid(m);
    const t = texts(m);
    expect(m.text).toContain('Weekly digest · 2024-04-01 – 2024-04-07');
    expect(t).toContain('12,000 (+20.0%)');
    expect(t).toContain('Revenue run rate');
    expect(t).toContain('*Toner* +1,500');
    expect(t).toContain('*Paper* -300');
    expect(t).not.toContain('−');
    expect(t).toContain('Champions');
    expect(t).toContain('"slack_file":{"id":"F0KPI"}');
    expect(t).toContain('Chart unavailable: no data');
    expect(t).toContain('region North');
  });

  it('stays valid with hostile names and many segments', () => {
    const d = digestFixture({
      moversUp: Array.from({ length: 3 }, () => ({ dimension: 'product' as const, member: huge, name: huge, previous: 0, current: 1, delta: 1, share: null })),
      segmentShifts: Array.from({ length: 40 }, (_, i) => ({ segment: huge, previous: i, current: i + 1, delta: 1 })),
      filters: { region: [huge] },
    });
    const m = digestMessage(d);
    expectValid(m);
    expect(texts(m)).not.toContain('<!channel>');
  });

  it('says so when nothing moved', () => {
    const m = digestMessage(digestFixture({ moversUp: [], moversDown: [], segmentShifts: [], revenue: { current: 0, previous: 0, delta: 0, changeRatio: null } }));
    expectValid(m);
    expect(texts(m)).toContain('No product moved');
    expect(texts(m)).toContain('No customer changed RFM segment');
  });
});

const subscription = (id: number, over: Partial<SubscriptionRow> = {}): SubscriptionRow => ({
  id,
  ownerSlackUserId: 'U0ANN',
  target: 'C0SALES',
  kind: 'report',
  subject: 'rfm',
  filters: { region: 'North' },
  cron: '0 8 * * 1',
  timeZone: 'Europe/Berlin',
  paused: false,
  skipWhenEmpty: false,
  onlyWhenChanged: true,
  lastResultHash: null,
  createdAt: '2024-04-01T08:00:00.000Z',
  ...over,
});

describe('subscriptions and status', () => {
  it('lists subscriptions with schedule, time zone, destination and next run', () => {
    const m = subscriptionListMessage([subscription(1), subscription(2, { kind: 'digest', subject: null, target: 'U0BOB', paused: true, filters: {} }), subscription(3, { kind: 'alert', subject: 'crosssell', target: 'salesmen', cron: '0 9 * * 1-5', filters: {} })], new Map([[1, Date.parse('2024-04-08T06:00:00Z')]]));
    expectValid(m);
    const t = texts(m);
    expect(t).toContain('*#1* rfm report (region:North) → <#C0SALES> · every Monday at 08:00 (Europe/Berlin) · next <!date^1712556000^');
    expect(t).toContain('*#2* digest → <@U0BOB>');
    expect(t).toContain('*paused*');
    expect(t).toContain('crosssell alert → every salesman (by DM) · weekdays at 09:00');
    expect(t).toContain('only-changed');
  });

  it('many subscriptions with hostile text stay within limits', () => {
    const subs = Array.from({ length: 300 }, (_, i) => subscription(i + 1, { filters: { region: huge }, timeZone: huge, target: huge }));
    const m = subscriptionListMessage(subs, new Map());
    expectValid(m);
    expect(texts(m)).not.toContain('<!channel>');
    expectValid(subscriptionListMessage([], new Map()));
  });

  it('confirms changes, and tells the owner what to do when delivery fails', () => {
    for (const change of ['created', 'paused', 'resumed', 'removed'] as const) expectValid(subscriptionChangedMessage(change, subscription(5), { nextRunAt: Date.now(), notes: [huge] }));
    expect(texts(subscriptionChangedMessage('removed', subscription(5)))).toContain('~*#5*');
    const problem = deliveryProblemMessage(subscription(5), 'I am not a member of <#C0SALES>. Invite me.', { paused: true });
    expectValid(problem);
    expect(texts(problem)).toContain('I paused #5');
  });

  it('the freshness notice names the date of the newest data', () => {
    const m = staleDataMessage('digest', '2024-03-01T10:00:00.000Z', 7);
    expectValid(m);
    expect(m.text).toContain('not been updated since Fri 1 Mar 2024.'); // readable, not the ISO day
    expect(staleDataMessage('digest', '2024-03-01T23:30:00.000Z', 7, 'Asia/Tokyo').text).toContain('since Sat 2 Mar 2024.');
    expectValid(staleDataMessage(huge, null, null));
  });

  it('status: queues, last and next runs, failures with reasons', () => {
    const status: JobStatus = {
      subscriptions: [
        {
          subscription: subscription(1),
          lastRun: { id: 1, jobName: 'subscription-run', jobId: 'j', subscriptionId: 1, status: 'failed', error: 'Slack: not_in_channel', startedAt: '2024-04-01T08:00:00Z', finishedAt: '2024-04-01T08:00:01Z' },
          nextRunAt: '2024-04-08T06:00:00.000Z',
        },
        { subscription: subscription(2, { paused: true }), lastRun: null, nextRunAt: null },
      ],
      failures: [{ at: '2024-04-01T08:00:01Z', job: 'subscription-run', subscriptionId: 1, recipient: 'C0SALES', reason: 'Slack: not_in_channel' }],
      system: [],
      dataAsOf: '2024-04-01T07:00:00Z',
      lastRefresh: { trigger: 'nightly', finishedAt: '2024-04-01T02:00:00Z' },
    };
    const m = statusMessage(status, [
      { name: 'runs', waiting: 1, active: 0, delayed: 2, failed: 3, completed: 9 },
      { name: 'messages', waiting: 0, active: 0, delayed: 0, failed: 0, completed: 200 },
    ]);
    expectValid(m);
    const t = texts(m);
    expect(t).toContain('runs');
    expect(t).toContain(':x:');
    expect(t).toContain('paused');
    expect(t).toContain('Slack: not_in_channel');
    expect(texts(statusMessage({ ...status, failures: [], subscriptions: [] }, null))).toContain('Redis is not configured');
    expect(texts(statusMessage(status, 'unreachable'))).toContain('Redis does not answer');
    const withSystem = statusMessage({ ...status, system: [{ id: 9, jobName: 'snapshot-refresh', jobId: 'x', subscriptionId: null, status: 'succeeded', error: null, startedAt: '2024-04-01T02:00:00Z', finishedAt: null }] }, []);
    expectValid(withSystem);
    expect(texts(withSystem)).toContain('Last runs: snapshot-refresh :white_check_mark:');
    const many = { ...status, failures: Array.from({ length: 50 }, () => status.failures[0]!).map((f) => ({ ...f, reason: huge })), subscriptions: Array.from({ length: 200 }, (_, i) => ({ ...status.subscriptions[0]!, subscription: subscription(i, { filters: { region: huge } }) })) };
    expectValid(statusMessage(many, null));
  });
});
