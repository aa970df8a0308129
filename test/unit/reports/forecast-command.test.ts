import { describe, expect, it } from 'vitest';
import { requestFromText } from '../../../src/requests/from-slack-text.js';
import { forecastChart } from '../../../src/reports/forecast/forecast-chart.js';
import { monthlyPace } from '../../../src/reports/forecast/forecast-pace.js';
import type { ForecastReport } from '../../../src/reports/forecast/forecast-report.js';

describe('/sales forecast', () => {
  it('reads grain, metric and horizon options with filters', () => {
    const r = requestFromText('forecast grain:week metric:orders horizon:8 region:North');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.request.report).toBe('forecast');
    expect(r.request.options).toEqual({ grain: 'week', metric: 'orders', horizon: 8 });
    expect(r.request.filters).toEqual({ region: ['North'] });
  });

  it('says what to type for a bad grain', () => {
    const r = requestFromText('forecast grain:year');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.usage.message).toMatch(/month, week or day/);
  });

  it('"sales forecast" in plain words reaches the report', () => {
    const r = requestFromText('sales forecast');
    expect(r.ok && r.request.report).toBe('forecast');
  });
});

describe('monthlyPace', () => {
  const step = (h: number, point: number, period: string) => ({ h, period, point, lower80: point - 10, upper80: point + 10, lower95: point - 20, upper95: point + 20 });

  it('adds the rest of the month (by calendar days) and the quarter’s later months', () => {
    // 2024-05-10: 21 of May's 31 days left; Q2 = April (actual 300) + May + June
    const pace = monthlyPace('2024-05-10', 100, [{ period: '2024-04-01', value: 300 }], [step(1, 310, '2024-05-01'), step(2, 320, '2024-06-01'), step(3, 330, '2024-07-01')])!;
    expect(pace.month.period).toBe('2024-05');
    expect(pace.month.projected).toBeCloseTo(100 + (21 / 31) * 310, 9);
    expect(pace.month.lower80).toBeCloseTo(100 + (21 / 31) * 300, 9);
    expect(pace.quarter.period).toBe('2024-Q2');
    expect(pace.quarter.actualToDate).toBe(400);
    expect(pace.quarter.projected).toBeCloseTo(400 + (21 / 31) * 310 + 320, 9);
    expect(pace.quarter.upper95).toBeCloseTo(400 + (21 / 31) * 330 + 340, 9);
  });
});

describe('forecastChart', () => {
  it('draws actual, fitted, both bands and the forecast; nothing without a model', () => {
    const base: ForecastReport & { asOf: string } = {
      asOf: '2024-03-31',
      status: 'ok',
      grain: 'month',
      metric: 'revenue',
      seasonLength: 12,
      model: { type: 'ETS(A,N,N)', params: { alpha: 0.3 }, loglik: -10, aicc: 25, sigma2: 4 },
      candidates: [],
      history: [
        { period: '2024-01-01', value: 10, fitted: 9 },
        { period: '2024-02-01', value: 11, fitted: 10 },
        { period: '2024-03-01', value: 12, fitted: 11 },
      ],
      forecast: [{ period: '2024-04-01', point: 12, lower80: 10, upper80: 14, lower95: 8, upper95: 16 }],
    };
    const c = forecastChart(base)!;
    expect(c.data.labels).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(c.data.datasets.map((d) => d.label)).toEqual(['Actual', 'Fitted', '95 % range', '', '80 % range', '', 'Forecast']);
    expect(c.data.datasets[6]!.data).toEqual([null, null, 12, 12]);
    expect(forecastChart({ ...base, model: null })).toBeNull();
  });
});
