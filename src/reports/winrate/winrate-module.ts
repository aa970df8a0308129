import { z } from 'zod';
import { computeFunnel, DEFAULT_FUNNEL_DAYS, winrateView } from '../funnel/funnel-report.js';
import { defineReport } from '../report-module.js';
import { winrateChart } from './winrate-chart.js';

/** Same result as `funnel` (one contract); the view lists salesmen by leads won. */
export const winrateReport = defineReport({
  name: 'winrate',
  title: 'Win rate',
  summary: `won ÷ (won + lost) per salesman of leads closed in the window (default last ${DEFAULT_FUNNEL_DAYS} days), median days to close`,
  optionsSchema: z.object({}),
  phrases: ['winrate', 'win rate', 'win-rate', 'close rate', 'hit rate', 'win ratio', 'won vs lost', 'won lost'],
  help: { example: 'last:6m' },
  chart: winrateChart,
  options: [],
  run: computeFunnel,
  // Leads, not orders: a window without orders can still hold a funnel.
  window: () => null,
  view: winrateView,
});
