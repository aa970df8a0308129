import type { ReportContext } from './report-module.js';

/**
 * True when no order lies after the window, so rollups over all history can answer. Compares business
 * days (SALES_TZ) with the data's last business day, not with the UTC date of the latest order.
 */
export function windowReachesData(ctx: Pick<ReportContext, 'dataRange' | 'period'>): boolean {
  return ctx.dataRange === null || ctx.period.to >= ctx.dataRange.to;
}

/** Cuts a sorted list to the request's limit (0 = everything). */
export function capped<T>(list: readonly T[], limit: number): T[] {
  return limit > 0 ? list.slice(0, limit) : [...list];
}
