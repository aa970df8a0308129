import { describe, expect, it } from 'vitest';
import { activityVsRevenue } from '../../../src/analytics/activity.js';

describe('activityVsRevenue', () => {
  it('totals per salesman and correlates activities with revenue across salesman-weeks', () => {
    const r = activityVsRevenue([
      { salesmanId: 1, week: '2024-01-01', visits: 1, calls: 1, revenue: 200 },
      { salesmanId: 1, week: '2024-01-08', visits: 2, calls: 2, revenue: 400 },
      { salesmanId: 2, week: '2024-01-01', visits: 3, calls: 2, other: 1, revenue: 600 },
      { salesmanId: 3, week: '2024-01-01', visits: 0, calls: 0, revenue: 0 },
    ]);
    expect(r.salesmen).toEqual([
      { salesmanId: 1, visits: 3, calls: 3, activities: 6, revenue: 600, revenuePerActivity: 100 },
      { salesmanId: 2, visits: 3, calls: 2, activities: 6, revenue: 600, revenuePerActivity: 100 },
      { salesmanId: 3, visits: 0, calls: 0, activities: 0, revenue: 0, revenuePerActivity: null },
    ]);
    expect(r.correlation).toEqual({ pearson: 1, spearman: 1, n: 4 });
    expect(activityVsRevenue([])).toEqual({ salesmen: [], correlation: { pearson: null, spearman: null, n: 0 } });
  });
});
