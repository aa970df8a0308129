import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { DemoDataResult } from '../../../src/demo/generate-demo-data.js';
import type { ImportKind } from '../../../src/demo/types.js';

export type Row = Record<string, string>;
export type Tables = Record<ImportKind, Row[]> & { headers: Record<ImportKind, string[]> };

/** Reads the six generated files back the way an importer would (a real CSV parser, header row). */
export async function readTables(result: DemoDataResult): Promise<Tables> {
  const out = { headers: {} } as Tables;
  for (const [kind, file] of Object.entries(result.files) as [ImportKind, string][]) {
    const text = await readFile(file, 'utf8');
    out.headers[kind] = text.slice(0, text.indexOf('\n')).split(',');
    out[kind] = parse(text, { columns: true }) as Row[];
  }
  return out;
}

export const sum = (xs: Iterable<number>): number => {
  let s = 0;
  for (const x of xs) s += x;
  return s;
};

/** Days between two YYYY-MM-DD(Thh:mm:ss) values by their calendar dates. */
export const dayOf = (ts: string): number => Date.parse(ts.slice(0, 10) + 'T00:00:00Z') / 86_400_000;

/** Pearson correlation. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = sum(xs) / n;
  const my = sum(ys) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
