import { dayNumber, daysInMonth, dayOfMonth } from '../../analytics/calendar-day.js';
import type { EtsForecastPoint } from '../../analytics/ets/ets-intervals.js';

/** Projection of one calendar period that is under way. */
export interface PaceFigure {
  /** `YYYY-MM` or `YYYY-Qn`. */
  period: string;
  /** Sum so far (series units). */
  actualToDate: number;
  /** Actual to date + forecast of the rest. */
  projected: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

/**
 * "On pace for X this month / quarter": actual so far plus the forecast of what is left.
 *
 * The as-of month is the first forecast step (the model is fitted to the complete months before it);
 * the part still to come is that month's forecast times the share of its calendar days after `asOf`.
 * The quarter adds the quarter's earlier months (actuals) and its later months (forecasts). Ranges add
 * the same share of each step's bounds; adding bounds of several steps treats them as moving together,
 * which makes the quarter's range wider than the exact one (never narrower).
 *
 * @param asOf the as-of day (inside the first forecast month)
 * @param monthToDate actual of the as-of month up to asOf
 * @param history complete months, `YYYY-MM-01` starts with values
 * @param forecast monthly forecasts starting with the as-of month
 */
export function monthlyPace(
  asOf: string,
  monthToDate: number,
  history: ReadonlyArray<{ period: string; value: number }>,
  forecast: ReadonlyArray<EtsForecastPoint & { period: string }>,
): { month: PaceFigure; quarter: PaceFigure } | undefined {
  const first = forecast[0];
  if (!first) return undefined;
  const rest = (daysInMonth(asOf) - dayOfMonth(asOf)) / daysInMonth(asOf);
  const add = (base: number, steps: Array<{ share: number; p: EtsForecastPoint }>) => ({
    projected: base + steps.reduce((s, x) => s + x.share * x.p.point, 0),
    lower80: base + steps.reduce((s, x) => s + x.share * x.p.lower80, 0),
    upper80: base + steps.reduce((s, x) => s + x.share * x.p.upper80, 0),
    lower95: base + steps.reduce((s, x) => s + x.share * x.p.lower95, 0),
    upper95: base + steps.reduce((s, x) => s + x.share * x.p.upper95, 0),
  });
  const month: PaceFigure = { period: asOf.slice(0, 7), actualToDate: monthToDate, ...add(monthToDate, [{ share: rest, p: first }]) };
  const year = asOf.slice(0, 4);
  const m = Number(asOf.slice(5, 7));
  const q = Math.floor((m - 1) / 3);
  const quarterMonths = [1, 2, 3].map((k) => `${year}-${String(q * 3 + k).padStart(2, '0')}`);
  const earlier = history.filter((h) => quarterMonths.includes(h.period.slice(0, 7)) && h.period.slice(0, 7) < month.period);
  const later = forecast.slice(1).filter((f) => quarterMonths.includes(f.period.slice(0, 7)));
  const quarterActual = monthToDate + earlier.reduce((s, h) => s + h.value, 0);
  const quarter: PaceFigure = {
    period: `${year}-Q${q + 1}`,
    actualToDate: quarterActual,
    ...add(quarterActual, [{ share: rest, p: first }, ...later.map((p) => ({ share: 1, p }))]),
  };
  return { month, quarter };
}

/**
 * "On pace for X this quarter" at quarterly grain: the quarter under way is the first forecast step (the
 * model is fitted to the complete quarters before it), so the projection is the quarter's actual to date
 * plus that step's forecast times the share of the quarter's calendar days after `asOf`; its range adds
 * the same share of the step's bounds. No month figure: a quarterly model says nothing about months.
 *
 * @param asOf the as-of day (inside the first forecast quarter)
 * @param quarterToDate actual of the as-of quarter up to asOf
 * @param first the forecast of the as-of quarter; `period` is its first day and `end` its last
 */
export function quarterlyPace(asOf: string, quarterToDate: number, first: EtsForecastPoint & { period: string; end: string; label: string }): { quarter: PaceFigure } {
  const days = dayNumber(first.end) - dayNumber(first.period) + 1;
  const rest = (dayNumber(first.end) - dayNumber(asOf)) / days;
  return {
    quarter: {
      period: first.label,
      actualToDate: quarterToDate,
      projected: quarterToDate + rest * first.point,
      lower80: quarterToDate + rest * first.lower80,
      upper80: quarterToDate + rest * first.upper80,
      lower95: quarterToDate + rest * first.lower95,
      upper95: quarterToDate + rest * first.upper95,
    },
  };
}
