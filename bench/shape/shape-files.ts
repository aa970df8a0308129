import type { ImportKind } from '../../src/db/import/kinds.js';

/** The CSV files of one benchmark data set, in the import formats (docs/data-formats.md). */
export interface ShapeFiles {
  dir: string;
  /** Files other than sales, in the order they must be imported (salesmen, customers, products, …). */
  sides: { kind: ImportKind; path: string; rows: number }[];
  /** Sales up to the day before `lastDay`. */
  history: string;
  historyLines: number;
  /** Sales of the last day only: the "one more day" imported after the history. */
  lastDay: string;
  lastDayLines: number;
  /** First and last business day of the sales, YYYY-MM-DD. */
  from: string;
  to: string;
}
