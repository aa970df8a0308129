/**
 * What people type for each report, as data: phrase (lower case, words separated by one space) → report.
 * The longest phrase wins, so "revenue by region" is geo while "revenue" alone is kpi.
 *
 * Choices worth a word:
 * - "top customers" → rfm: its list is every customer by monetary value (revenue in the window) desc;
 *   clv ranks by predicted future value, which is not what "top" means to most people.
 * - "revenue" / "sales" → kpi: its cards (run rate, month to date) end on the period's last day, so
 *   "revenue last month" is last month's cards; "what changed" / "why" is the comparison (why).
 * - "best sellers" / "top products" → abc: products by revenue Pareto class.
 */
export const REPORT_PHRASES: Record<string, readonly string[]> = {
  kpi: ['kpi', 'kpis', 'revenue', 'sales', 'numbers', 'overview', 'dashboard', 'summary', 'run rate', 'how are we doing', 'how is it going', 'total revenue', 'total sales', 'turnover', 'month to date revenue'],
  why: ['why', 'what changed', 'what happened', 'changes', 'revenue change', 'why did revenue change', 'why did sales drop', 'drivers', 'what moved', 'compare', 'comparison', 'change'],
  rfm: ['rfm', 'top customers', 'best customers', 'biggest customers', 'customers', 'customer segments', 'segments', 'who buys most', 'top clients', 'clients', 'customer list'],
  churn: ['churn', 'at risk', 'at-risk', 'who is at risk', "who's at risk", 'whos at risk', 'risk', 'customers at risk', 'churning', 'lost customers', 'who stopped buying', 'who stopped ordering', 'overdue', 'overdue customers'],
  clv: ['clv', 'ltv', 'lifetime value', 'customer lifetime value', 'customer value', 'future value', 'predicted value'],
  crosssell: ['crosssell', 'cross sell', 'cross-sell', 'cross selling', 'upsell', 'up-sell', 'up sell', 'what to sell', 'what else to sell', 'what to offer', 'next best product', 'suggestions', 'recommendations'],
  affinity: ['affinity', 'bundles', 'bundle', 'bought together', 'frequently bought together', 'basket', 'baskets', 'market basket', 'product pairs', 'pairs', 'association rules'],
  abc: ['abc', 'by product', 'per product', 'revenue by product', 'sales by product', 'best sellers', 'bestsellers', 'best-sellers', 'top products', 'best products', 'top sellers', 'top items', 'products', 'pareto', 'product classes'],
  slow: ['slow', 'dead stock', 'not selling', 'slow movers', 'slow sellers', 'slow moving', 'stale stock', 'unsold', 'unsold stock', 'not moving', 'what is not selling', "what's not selling"],
  funnel: ['funnel', 'pipeline', 'leads', 'deals', 'opportunities', 'lead funnel', 'sales pipeline', 'conversion'],
  winrate: ['winrate', 'win rate', 'win-rate', 'close rate', 'hit rate', 'win ratio', 'won vs lost', 'won lost'],
  consistency: ['consistency', 'consistent', 'who is consistent', 'by salesman', 'per salesman', 'by rep', 'per rep', 'revenue by salesman', 'sales by salesman', 'team', 'salesmen', 'steadiness', 'evenness', 'salesman consistency', 'team consistency'],
  activity: ['activity', 'activities', 'visits', 'call activity', 'activity log', 'effort', 'visits and calls'],
  geo: ['geo', 'by region', 'per region', 'regions', 'map', 'geography', 'regional', 'where', 'where do we sell', 'revenue by region', 'sales by region', 'cities', 'by city'],
  timing: ['timing', 'when do they buy', 'when do customers buy', 'when', 'best time', 'best time to call', 'peak hours', 'busiest time', 'busiest hours', 'by hour', 'by weekday'],
  seasonality: ['seasonality', 'seasonal', 'season', 'seasons', 'seasonal pattern', 'by month', 'monthly pattern', 'best months', 'busiest months'],
};

/**
 * Options a phrase implies besides its report, as `name:value` tokens: "top customers" is rfm's list of
 * customers by revenue, not its segment table.
 */
export const PHRASE_OPTIONS: Record<string, readonly string[]> = Object.fromEntries(
  ['top customers', 'best customers', 'biggest customers', 'who buys most', 'top clients', 'customer list', 'customers', 'clients'].map((p) => [p, ['list:customers']]),
);

/** The option tokens a report phrase implies (none for most). */
export function optionTokensForPhrase(phrase: string): readonly string[] {
  return PHRASE_OPTIONS[phrase] ?? [];
}

const BY_PHRASE = new Map<string, string>(Object.entries(REPORT_PHRASES).flatMap(([report, phrases]) => phrases.map((p) => [p, report] as [string, string])));

/** Longest phrase in the table, in words. */
export const MAX_PHRASE_WORDS = Math.max(...[...BY_PHRASE.keys()].map((p) => p.split(' ').length));

/** The report a phrase names, or undefined. */
export function reportForPhrase(phrase: string): string | undefined {
  return BY_PHRASE.get(phrase);
}
