import { describe, expect, it } from 'vitest';
import { requestFromText } from '../../../src/requests/from-slack-text.js';
import { forecastChart } from '../../../src/reports/forecast/forecast-chart.js';
import { fitRequestedModel, modelOption } from '../../../src/reports/forecast/forecast-model-option.js';
import { monthlyPace, quarterlyPace } from '../../../src/reports/forecast/forecast-pace.js';
import { nextPeriod, periodEnd, periodLabel, periodStart } from '../../../src/reports/forecast/forecast-periods.js';
import { isAppError } from '../../../src/lib/errors.js';
import { forecastView, type ForecastReport } from '../../../src/reports/forecast/forecast-report.js';

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
    expect(r.usage.message).toMatch(/grain: must be quarter, month, week or day/);
  });

  it('reads grain:quarter and model: in R\'s spelling or as letters, keeping one canonical code', () => {
    for (const [text, code] of [
      ['model:MAdM', 'MAdM'],
      ['model:ETS(M,Ad,M)', 'MAdM'],
      ['model:madm', 'MAdM'],
      ['model:"ETS(A, N, N)"', 'ANN'],
      ['model:MMM', 'MMM'],
      ['model:M,Md,N', 'MMdN'],
    ] as const) {
      const r = requestFromText(`forecast grain:quarter ${text}`);
      expect(r.ok && r.request.options).toEqual({ grain: 'quarter', model: code });
    }
    expect(modelOption(modelOption('ETS(A,Ad,A)'))).toBe('AAdA');
  });

  it('says what to type for a model that is not one', () => {
    for (const bad of ['MNdM', 'XAM', 'ETS(M,A)', 'MAMM', 'arima']) {
      const r = requestFromText(`forecast model:${bad}`);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.usage.message).toMatch(/^model: must name one ETS model .* like MAM, MAdM, ANN or ETS\(M,Ad,M\)/);
    }
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

describe('quarters', () => {
  it('start on Jan/Apr/Jul/Oct 1st, end on the quarter\'s last day and read 2024-Q1', () => {
    expect(['2024-01-01', '2024-02-29', '2024-03-31', '2024-04-01', '2024-11-15', '2024-12-31'].map((d) => periodStart(d, 'quarter'))).toEqual([
      '2024-01-01',
      '2024-01-01',
      '2024-01-01',
      '2024-04-01',
      '2024-10-01',
      '2024-10-01',
    ]);
    expect(nextPeriod('2024-10-01', 'quarter')).toBe('2025-01-01');
    expect(nextPeriod('2024-04-01', 'quarter')).toBe('2024-07-01');
    expect(periodEnd('2024-01-01', 'quarter')).toBe('2024-03-31');
    expect(periodEnd('2024-10-01', 'quarter')).toBe('2024-12-31');
    expect(['2024-01-01', '2024-04-01', '2024-07-01', '2024-10-01'].map((d) => periodLabel(d, 'quarter'))).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
  });

  it('pace of the quarter under way: actual to date plus the share of its calendar days still to come', () => {
    // 2024-05-10: Q2 has 91 days (Apr 30 + May 31 + Jun 30), 51 after the 10th of May
    const p = quarterlyPace('2024-05-10', 400, { h: 1, period: '2024-04-01', end: '2024-06-30', label: '2024-Q2', point: 910, lower80: 800, upper80: 1000, lower95: 700, upper95: 1100 });
    expect(p.quarter.period).toBe('2024-Q2');
    expect(p.quarter.actualToDate).toBe(400);
    expect(p.quarter.projected).toBeCloseTo(400 + (51 / 91) * 910, 9);
    expect(p.quarter.lower95).toBeCloseTo(400 + (51 / 91) * 700, 9);
    expect(p).not.toHaveProperty('month');
  });
});

describe('forecast view and chart at quarterly grain', () => {
  const r = {
    report: 'forecast',
    asOf: '2024-05-10',
    dataAsOf: null,
    period: { to: '2024-05-10' },
    filters: {},
    source: 'live' as const,
    status: 'ok' as const,
    grain: 'quarter' as const,
    metric: 'revenue' as const,
    seasonLength: 4,
    model: { type: 'ETS(M,A,M)', params: { alpha: 0.3, beta: 0.01, gamma: 0.1 }, loglik: -10, aicc: 25, sigma2: 0.01 },
    modelAsked: 'ETS(M,A,M)',
    candidates: [{ type: 'ETS(M,A,M)', aicc: 25 }],
    history: [
      { period: '2023-07-01', value: 10, fitted: 9 },
      { period: '2023-10-01', value: 11, fitted: 10 },
      { period: '2024-01-01', value: 12, fitted: 11 },
    ],
    forecast: [
      { period: '2024-04-01', point: 12, lower80: 10, upper80: 14, lower95: 8, upper95: 16 },
      { period: '2024-07-01', point: 13, lower80: 10, upper80: 15, lower95: 8, upper95: 17 },
    ],
    pace: { quarter: { period: '2024-Q2', actualToDate: 5, projected: 11.7, lower80: 10.6, upper80: 12.8, lower95: 9.5, upper95: 13.9 } },
  };

  it('names quarters 2024-Q2, says the model was asked for and gives the quarter\'s pace only', () => {
    const v = forecastView(r);
    expect(v.title).toBe('Forecast of quarterly revenue · as of 2024-05-10');
    expect(v.keyFigures.map((k) => k.label)).toEqual(['Model', 'This quarter, whole (2024-Q2)', 'On pace this quarter (2024-Q2)']);
    expect(v.keyFigures[0]!.value).toBe('ETS(M,A,M) (as asked; no AICc choice)');
    expect(v.rows.map((row) => row[0])).toEqual(['2024-Q2', '2024-Q3']);
    expect(forecastChart(r)!.data.labels).toEqual(['2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3']);
  });
});

describe('model: a model the data cannot carry is a usage error saying what to type', () => {
  const seasonal = Array.from({ length: 20 }, (_, i) => 100 + 10 * Math.sin((i * Math.PI) / 2) + i);
  const message = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (isAppError(e)) return `${e.code}: ${e.message} ${e.hint ?? ''}`;
      throw e;
    }
    return 'no error';
  };

  it('multiplicative on data with a zero or negative period', () => {
    const y = seasonal.map((v, i) => (i === 7 ? 0 : v));
    expect(message(() => fitRequestedModel(y, 4, 'MAM', 'quarter'))).toBe(
      "USAGE: ETS(M,A,M) has a multiplicative part, which needs every quarter's value above 0; this history has quarters at 0 or below. Try model:AAA, or leave model: out to let AICc choose.",
    );
    expect(fitRequestedModel(y, 4, 'AAA', 'quarter').best.spec).toMatchObject({ error: 'A', trend: 'A', season: 'A', m: 4 });
  });

  it('a season without enough periods, or one too long for ETS', () => {
    expect(message(() => fitRequestedModel(seasonal.slice(0, 5), 4, 'MNM', 'quarter'))).toMatch(/^USAGE: ETS\(M,N,M\) has a season of 4 quarters, which needs at least 6 complete quarters of history; there are 5\. Try model:MNN/);
    expect(message(() => fitRequestedModel(seasonal, 52, 'ANA', 'week'))).toMatch(/^USAGE: ETS\(A,N,A\) has a season, but a season of 52 weeks is too long .* Try model:ANN, or grain:month or grain:quarter/);
  });

  it('additive error with a multiplicative season, and too many parameters', () => {
    expect(message(() => fitRequestedModel(seasonal, 4, 'AAM', 'quarter'))).toMatch(/^USAGE: ETS\(A,A,M\) is not offered: .* Try model:MAM or model:AAA\.$/);
    expect(message(() => fitRequestedModel(seasonal.slice(0, 8), 4, 'MAdM', 'quarter'))).toMatch(/^USAGE: ETS\(M,Ad,M\) has too many parameters for 8 complete quarters/);
  });

  it('fits exactly the model asked, with itself as the only candidate', () => {
    const s = fitRequestedModel(seasonal, 4, 'MAdM', 'quarter');
    expect(s.best.spec).toEqual({ error: 'M', trend: 'A', damped: true, season: 'M', m: 4 });
    expect(s.candidates.map((c) => c.name)).toEqual(['ETS(M,Ad,M)']);
  });
});
