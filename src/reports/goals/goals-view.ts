import { formatInt, formatMoney, formatPercent } from '../../lib/format.js';
import type { ReportView } from '../../views/report-view.js';
import type { ReportEnvelope } from '../report-module.js';
import type { GoalRow, GoalsReport } from './goals-report.js';

const METRIC_LABEL: Record<GoalRow['metric'], string> = { revenue: 'revenue', orders: 'orders', new_customers: 'new customers' };

/** Revenue in whole money units, counts as whole numbers (a daily need of 0.4 orders shows one decimal). */
export function goalAmount(metric: GoalRow['metric'], v: number, perDay = false): string {
  if (metric === 'revenue') return formatMoney(v);
  return perDay && Math.abs(v) < 10 ? v.toFixed(1) : formatInt(v);
}

function projectedText(r: GoalRow): string {
  const p = r.projected;
  if (!p) return '—';
  const point = goalAmount(r.metric, p.point);
  return p.lower === p.upper ? point : `${point} (${goalAmount(r.metric, p.lower)}–${goalAmount(r.metric, p.upper)})`;
}

/** "Company · revenue · 2026-03". */
export function goalName(r: GoalRow): string {
  return `${r.scope.label} · ${METRIC_LABEL[r.metric]} · ${r.period}`;
}

export function goalsView(r: GoalsReport & ReportEnvelope): ReportView {
  const onTrack = r.targets.filter((t) => t.projected !== null && t.projected.point >= t.target).length;
  const withProjection = r.targets.filter((t) => t.projected !== null).length;
  const notes: string[] = [];
  if (r.targets.length === 0) {
    notes.push(`No targets for ${r.periods.join(', ')}${r.scopeLabel ? ` for ${r.scopeLabel}` : ''}. A manager sets one with /sales goal set revenue 120k this month, or imports a targets file.`);
  } else {
    notes.push('Seasonal pace: the share of the same period that earlier years had sold by this day (linear when there is no earlier year in the data).');
    notes.push('Projected: actual + working days left × the rest-of-period daily rate of earlier years (range: their lowest to highest), else the period’s own rate so far (no range).');
  }
  return {
    title: `Goals · as of ${r.asOf}`,
    keyFigures:
      r.targets.length === 0
        ? []
        : [
            { label: 'Targets', value: formatInt(r.targets.length) },
            { label: 'Projected to hit', value: withProjection === 0 ? '— (nothing to project yet)' : `${onTrack} of ${withProjection}` },
          ],
    columns: [
      { label: 'Target' },
      { label: 'Goal', align: 'r' },
      { label: 'Actual', align: 'r' },
      { label: 'Attained', align: 'r' },
      { label: 'Linear pace', align: 'r' },
      { label: 'Seasonal pace', align: 'r' },
      { label: 'Projected (range)', align: 'r' },
      { label: 'Needed / working day', align: 'r' },
    ],
    rows: r.targets.map((t) => [
      goalName(t),
      goalAmount(t.metric, t.target),
      goalAmount(t.metric, t.actual),
      t.attainment === null ? '—' : formatPercent(t.attainment, 0),
      goalAmount(t.metric, t.linearPace),
      goalAmount(t.metric, t.seasonalPace),
      projectedText(t),
      t.neededPerWorkingDay === null ? '— (period over)' : goalAmount(t.metric, t.neededPerWorkingDay, true),
    ]),
    notes,
    export: {
      columns: ['period', 'metric', 'scope', 'scope_value', 'target', 'actual', 'attainment', 'linear_pace', 'seasonal_pace', 'projected', 'projected_lower', 'projected_upper', 'needed_per_working_day', 'working_days_left'],
      rows: r.targets.map((t) => [
        t.period,
        t.metric,
        t.scope.kind,
        t.scope.value,
        t.target,
        t.actual,
        t.attainment,
        t.linearPace,
        t.seasonalPace,
        t.projected?.point ?? null,
        t.projected?.lower ?? null,
        t.projected?.upper ?? null,
        t.neededPerWorkingDay,
        t.workingDays.left,
      ]),
    },
  };
}

/**
 * One line per target, best attained first, at most `max` (then "…and N more"): the short form App
 * Home and the digest show ("Company · revenue · 2026-03: 70% of 1,000 · projected 1,000").
 */
export function goalLines(r: GoalsReport, max = 5): string[] {
  const lines = r.targets.slice(0, max).map((t) => {
    const attained = t.attainment === null ? '—' : formatPercent(t.attainment, 0);
    const projected = t.projected ? ` · projected ${projectedText(t)}` : '';
    return `${goalName(t)}: ${attained} of ${goalAmount(t.metric, t.target)}${projected}`;
  });
  if (r.targets.length > max) lines.push(`…and ${r.targets.length - max} more`);
  return lines;
}
