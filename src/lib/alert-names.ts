/**
 * The alerts a person can subscribe to (`/sales subscribe alert <name>`):
 * - `churn`: customers newly at risk, to a channel or a person, with Snooze / Handled / Assign buttons;
 * - `at-risk`: the same cases, but each salesman gets their own customers by DM (target `salesmen` or `me`);
 * - `slow`: products newly without a sale for 30/60/90 days, with the stock value, to a stock channel;
 * - `crosssell`: each salesman's best next-product suggestions by DM, with Add to call list / Not relevant;
 * - `deals`: each salesman's own deals at risk (stalled, quiet, overdue, won without an order) by DM,
 *   with Log activity / Mark lost;
 * - `pacing`: targets whose projection falls short with less than a third of the period left, once per
 *   target and period, with the gap, the days left, overdue customers and cross-sell ideas — a salesman's
 *   own targets by DM (`salesmen`), region/category/company targets to a person (`me`, an @manager).
 * - `anomalies`: a metric (revenue, orders, active customers, average basket; overall or per region,
 *   category, salesman) outside its expected range yesterday (daily) or last week (weekly schedule), with
 *   its drivers, to a channel or a person, with Snooze / Handled buttons; to `salesmen`, each salesman by DM
 *   about his own book (overall and his biggest regions and categories).
 */
export const ALERT_NAMES = ['churn', 'at-risk', 'slow', 'crosssell', 'deals', 'pacing', 'anomalies'] as const;
export type AlertName = (typeof ALERT_NAMES)[number];

/** Alerts that go to each salesman about their own customers rather than to one place. */
export const PER_SALESMAN_ALERTS: readonly AlertName[] = ['at-risk', 'crosssell', 'deals', 'pacing'];

/** Alerts that may go to `salesmen` (one DM per salesman about his own book): the per-salesman ones, and anomalies, which also go to one place. */
export const SALESMEN_ALERTS: readonly AlertName[] = [...PER_SALESMAN_ALERTS, 'anomalies'];

/** The stored target meaning "one DM to every salesman reachable in Slack". */
export const SALESMEN_TARGET = 'salesmen';

export function isAlertName(name: string): name is AlertName {
  return (ALERT_NAMES as readonly string[]).includes(name);
}
