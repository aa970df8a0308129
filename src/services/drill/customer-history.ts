import { classifyChurnRisk, type ChurnRule } from '../../analytics/churn-risk.js';
import type { Database } from '../../db/client.js';
import type { CustomerRecordRow } from '../../db/queries/customer-search.js';
import { customerPurchaseStats } from '../../db/queries/customer-purchase-stats.js';
import {
  customerMonthlyRevenue,
  customerOrders,
  customerTotals,
  type CustomerOrderRow,
  type CustomerWindow,
} from '../../db/queries/drill-customer.js';
import { AppError } from '../../lib/errors.js';
import { countOf, formatInt, formatMoney, formatPercent } from '../../lib/format.js';
import { customerInScope } from '../customer-search.js';
import { crossSellFor } from '../../reports/crosssell/customer-suggestions.js';
import type { CrossSellSuggestionOut } from '../../reports/crosssell/crosssell-report.js';
import { buildContext } from '../../reports/run-report.js';
import type { ReportScope } from '../../reports/report-module.js';
import { assertCanSee } from '../../reports/user-scope-check.js';
import { pageBounds, pageNote, type DrillRequest, type DrillResult } from '../../reports/drill-types.js';

/** Months in the revenue trend, ending with the as-of month. */
export const HISTORY_MONTHS = 12;

export interface CustomerChurnSignals {
  /** Distinct purchase days up to the as-of day. */
  purchaseDays: number;
  firstOrderDay: string | null;
  lastOrderDay: string | null;
  daysSinceLastOrder: number | null;
  /** Median gap between purchase days; null with fewer than 2. */
  typicalGapDays: number | null;
  /** 90th percentile of the gaps (the churn report's own-rhythm threshold). */
  gapP90Days: number | null;
  /** daysSinceLastOrder ÷ gapP90Days; above 1 = overdue by their own rhythm. */
  overdueRatio: number | null;
  /**
   * The churn report's own-rhythm rule (≥ 4 purchase days and the gap since the last order above the
   * 90th percentile of their gaps). Customers with fewer purchase days are judged by P(alive) in the
   * churn report, which needs the fitted model: here they are `no-model`, not at risk.
   */
  atRisk: boolean;
  rule: ChurnRule;
}

export interface CustomerHistoryData {
  customer: { customerId: string; name: string; city: string | null; region: string | null; salesmanId: string | null; salesmanName: string | null };
  asOf: string;
  /** The window of the order list and its totals (the report filters' dates; all history by default). */
  period: { from?: string; to: string };
  totals: { orders: number; lines: number; revenue: number };
  /** This page of orders, newest first. */
  orders: CustomerOrderRow[];
  /** The last {@link HISTORY_MONTHS} calendar months up to the as-of month, oldest first, zeros included. */
  monthly: { month: string; revenue: number; orders: number }[];
  churn: CustomerChurnSignals;
  /** Products the basket rules suggest and the customer has not bought, best first. */
  crossSell: CrossSellSuggestionOut[];
}

/** YYYY-MM of `month` months before the month of `day` (0 = its own month). */
function monthBack(day: string, months: number): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function resolveCustomer(database: Database, scope: ReportScope, key: string): Promise<CustomerRecordRow> {
  return customerInScope(database, scope, key, 'Search by name with `/sales customer <name>`.');
}

async function churnSignals(database: Database, c: CustomerRecordRow, asOf: string, timeZone: string): Promise<CustomerChurnSignals> {
  const [s] = await customerPurchaseStats(database, { customer: [c.customerId], to: asOf, timeZone }, asOf);
  if (!s) {
    return {
      purchaseDays: 0,
      firstOrderDay: null,
      lastOrderDay: null,
      daysSinceLastOrder: null,
      typicalGapDays: null,
      gapP90Days: null,
      overdueRatio: null,
      atRisk: false,
      rule: 'no-orders',
    };
  }
  const a = classifyChurnRisk({
    orders: s.purchaseDays,
    daysSinceLastOrder: s.daysSinceLast,
    tenureDays: s.ageDays,
    typicalGapDays: s.gapP50Days,
    gapP90Days: s.gapP90Days,
    pAlive: null,
    revenue: s.revenue,
  });
  return {
    purchaseDays: s.purchaseDays,
    firstOrderDay: s.firstDay,
    lastOrderDay: s.lastDay,
    daysSinceLastOrder: a.daysSinceLastOrder,
    typicalGapDays: a.typicalGapDays,
    gapP90Days: a.gapP90Days,
    overdueRatio: a.overdueRatio,
    atRisk: a.atRisk,
    rule: a.rule,
  };
}

function rhythmNote(ch: CustomerChurnSignals): string {
  if (ch.lastOrderDay === null) return 'No orders up to the as-of day.';
  const since = `last order ${ch.lastOrderDay} (${countOf(ch.daysSinceLastOrder ?? 0, 'day')} ago)`;
  if (ch.typicalGapDays === null) return `Bought on one day only; ${since}.`;
  const usual = `usually orders every ~${countOf(Math.round(ch.typicalGapDays), 'day')}`;
  return ch.atRisk ? `At risk: ${usual}, ${since}.` : `${usual[0]!.toUpperCase()}${usual.slice(1)}; ${since}.`;
}

/**
 * One customer's story: a page of orders (newest first), revenue per month over the last 12 months,
 * churn signals by their own rhythm and cross-sell suggestions. A salesman may open only a customer
 * assigned to them (FORBIDDEN otherwise); for such a customer every order is shown, whoever sold it.
 * The report filters' dates narrow the order list; the trend, churn and suggestions run to the as-of day.
 */
export async function customerHistory(
  database: Database,
  scope: ReportScope,
  request: DrillRequest,
): Promise<DrillResult<CustomerHistoryData>> {
  const customer = await resolveCustomer(database, scope, request.key);
  assertCanSee({ scope }, customer.ownerId);
  const ctx = await buildContext(database, { filters: request.filters, asOf: request.asOf, scope });
  const tz = ctx.timeZone;
  const window: CustomerWindow = { customerId: customer.id, from: ctx.period.from, to: ctx.period.to, timeZone: tz };
  const bounds = pageBounds(request);
  const firstMonth = monthBack(ctx.asOf, HISTORY_MONTHS - 1);
  const [orders, totals, months, churn, crossSell] = await Promise.all([
    customerOrders(database, window, bounds),
    customerTotals(database, window),
    customerMonthlyRevenue(database, { customerId: customer.id, from: `${firstMonth}-01`, to: ctx.asOf, timeZone: tz }),
    churnSignals(database, customer, ctx.asOf, tz),
    crossSellFor(database, scope, customer.customerId, request.asOf),
  ]);
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const monthly = Array.from({ length: HISTORY_MONTHS }, (_, i) => {
    const month = monthBack(ctx.asOf, HISTORY_MONTHS - 1 - i);
    return { month, revenue: byMonth.get(month)?.revenue ?? 0, orders: byMonth.get(month)?.orders ?? 0 };
  });
  const trend = monthly.reduce((s, m) => s + m.revenue, 0);
  const { id: _id, ownerId: _owner, ...shown } = customer;
  const place = [customer.city, customer.region].filter(Boolean).join(', ');
  const title = `${customer.name} [${customer.customerId}]${place ? ` · ${place}` : ''}`;
  return {
    title,
    total: totals.orders,
    data: { customer: shown, asOf: ctx.asOf, period: ctx.period, totals, orders, monthly, churn, crossSell },
    view: {
      title,
      keyFigures: [
        { label: 'Owner', value: customer.salesmanName ? `${customer.salesmanName} [${customer.salesmanId}]` : 'unassigned' },
        { label: 'Revenue', value: `${formatMoney(totals.revenue)} in ${countOf(totals.orders, 'order')}` },
        { label: `Last ${HISTORY_MONTHS} months`, value: formatMoney(trend) },
        { label: 'Last order', value: churn.lastOrderDay ?? '—' },
      ],
      columns: [{ label: 'date' }, { label: 'order' }, { label: 'lines', align: 'r' }, { label: 'amount', align: 'r' }, { label: 'salesman' }],
      rows: orders.map((o) => [o.day, o.orderId, formatInt(o.lines), formatMoney(o.amount), o.salesmanName ?? '—']),
      export: {
        columns: ['day', 'order_id', 'customer_id', 'customer', 'lines', 'amount', 'salesman_id', 'salesman'],
        rows: orders.map((o) => [o.day, o.orderId, customer.customerId, customer.name, o.lines, o.amount, o.salesmanId, o.salesmanName]),
      },
      notes: [
        rhythmNote(churn),
        ...crossSell.map((s) => `Suggest ${s.name} [${s.productId}]: because they bought ${s.becauseNames.join(' + ')} (confidence ${formatPercent(s.confidence)}, lift ${s.lift.toFixed(2)}).`),
        ...pageNote(orders.length, bounds.offset, totals.orders),
      ],
    },
  };
}
