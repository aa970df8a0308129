/** Small figures helpers shared by the benchmarks. */

/** Linear-interpolated quantile (p in 0..1) of unsorted samples. */
export function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.ceil(h)] ?? s[lo]!) - s[lo]!);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** 1234567 → "1,234,567". */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Runs `fn` and returns [milliseconds, its value]. */
export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}
