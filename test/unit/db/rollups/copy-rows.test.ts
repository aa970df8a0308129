import { describe, expect, it } from 'vitest';
import { CopyTextWriter } from '../../../../src/db/rollups/copy-rows.js';

describe('CopyTextWriter', () => {
  it('writes rows in COPY text format: integers of any sign and width, int[] literals, escaped text', () => {
    const w = new CopyTextWriter();
    w.text('2025-01-06').text('North\tWest\\x\n').int(0).intArray([0, 7, 10, 2147483647, -2147483648, -5]).intArray([], true);
    w.text('2025-01-06').text('North\tWest\\x\n').int(-42).intArray([19], true);
    expect(w.take().toString()).toBe(
      '2025-01-06\tNorth\\tWest\\\\x\\n\t0\t{0,7,10,2147483647,-2147483648,-5}\t{}\n' + '2025-01-06\tNorth\\tWest\\\\x\\n\t-42\t{19}\n',
    );
    expect(w.take().length).toBe(0);
  });

  it('grows past its first megabyte', () => {
    const w = new CopyTextWriter();
    const values = Array.from({ length: 200_000 }, (_, k) => k * 1013);
    w.intArray(values, true);
    expect(w.take().toString()).toBe(`{${values.join(',')}}\n`);
  });
});
