import type { ChartConfiguration } from 'chart.js';
import { colour, GRID, translucent } from './theme.js';

export interface MonthlyRevenuePoint {
  /** YYYY-MM */
  month: string;
  revenue: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function label(month: string): string {
  const [y, m] = month.split('-');
  return `${MONTHS[Number(m) - 1]} ${y!.slice(2)}`;
}

/** Bar chart of revenue per month; the title says what and when. */
export function monthlyRevenueChart(points: readonly MonthlyRevenuePoint[], title: string): ChartConfiguration {
  const blue = colour(0);
  return {
    type: 'bar',
    data: {
      labels: points.map((p) => label(p.month)),
      datasets: [
        {
          label: 'Revenue',
          data: points.map((p) => Math.round(p.revenue)),
          backgroundColor: translucent(blue, 0.75),
          borderColor: blue,
          borderWidth: 1,
        },
      ],
    },
    options: {
      plugins: {
        title: { display: true, text: title, font: { size: 20, weight: 'bold' }, padding: { bottom: 16 } },
        legend: { display: false },
      },
      scales: {
        x: { grid: { display: false } },
        y: {
          beginAtZero: true,
          grid: { color: GRID },
          ticks: { callback: (v) => new Intl.NumberFormat('en-US', { notation: 'compact' }).format(Number(v)) },
        },
      },
      layout: { padding: 16 },
    },
  };
}
