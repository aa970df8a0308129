import { z } from 'zod';
import { monthlyRevenueChart } from '../../charts/monthly-revenue.js';
import { defineReport } from '../report-module.js';
import { computeMonthly, monthlyView, monthlyWindow } from './monthly-report.js';

/** Revenue per calendar month: the trend line a manager reads before asking why. */
export const monthlyReport = defineReport({
  name: 'monthly',
  title: 'Revenue by month',
  summary: 'revenue per calendar month (default the last 12) with the change against the month before',
  optionsSchema: z.object({}),
  // "by month" alone stays seasonality's (the pattern across years); revenue words + month are this trend.
  phrases: ['monthly', 'monthly revenue', 'monthly sales', 'revenue by month', 'revenue per month', 'sales by month', 'sales per month', 'revenue trend', 'sales trend', 'month by month'],
  help: { example: 'last:2y region:North' },
  options: [],
  window: monthlyWindow,
  run: computeMonthly,
  view: monthlyView,
  chart: (r) => (r.months.length ? monthlyRevenueChart(r.months, `Revenue by month, ${r.from.slice(0, 7)} – ${r.to.slice(0, 7)}`) : null),
});
