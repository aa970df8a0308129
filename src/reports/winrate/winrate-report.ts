import { computeFunnel, DEFAULT_FUNNEL_DAYS, winrateView, type FunnelReport } from '../funnel/funnel-report.js';
import type { ReportDefinition } from '../report-module.js';

/** Same result as `funnel` (one contract); the view lists salesmen by leads won. */
export const winrateReport: ReportDefinition<FunnelReport> = {
  name: 'winrate',
  title: 'Win rate',
  summary: `won ÷ (won + lost) per salesman of leads closed in the window (default last ${DEFAULT_FUNNEL_DAYS} days), median days to close`,
  options: [],
  run: computeFunnel,
  // Leads, not orders: a window without orders can still hold a funnel.
  window: () => null,
  view: winrateView,
};
