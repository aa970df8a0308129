import { describe, expect, it } from 'vitest';
import { CopyBinaryWriter } from '../../../../src/db/rollups/copy-rows.js';

/** Reads back what CopyBinaryWriter wrote for rows of (date, text, int, int[], int[]). */
function parse(data: Buffer): [number, string, number, number[], number[]][] {
  expect(data.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
  let pos = 19;
  const out: [number, string, number, number[], number[]][] = [];
  const array = (): number[] => {
    const len = data.readInt32BE(pos);
    const end = pos + 4 + len;
    const dims = data.readInt32BE(pos + 4);
    expect(data.readInt32BE(pos + 8)).toBe(0);
    expect(data.readInt32BE(pos + 12)).toBe(23);
    const values: number[] = [];
    if (dims === 1) {
      const n = data.readInt32BE(pos + 16);
      expect(data.readInt32BE(pos + 20)).toBe(1);
      for (let k = 0; k < n; k++) {
        expect(data.readInt32BE(pos + 24 + 8 * k)).toBe(4);
        values.push(data.readInt32BE(pos + 28 + 8 * k));
      }
    }
    pos = end;
    return values;
  };
  for (;;) {
    const fields = data.readInt16BE(pos);
    pos += 2;
    if (fields === -1) break;
    expect(fields).toBe(5);
    expect(data.readInt32BE(pos)).toBe(4);
    const date = data.readInt32BE(pos + 4);
    pos += 8;
    const tlen = data.readInt32BE(pos);
    const text = data.subarray(pos + 4, pos + 4 + tlen).toString('utf8');
    pos += 4 + tlen;
    expect(data.readInt32BE(pos)).toBe(4);
    const int = data.readInt32BE(pos + 4);
    pos += 8;
    out.push([date, text, int, array(), array()]);
  }
  expect(pos).toBe(data.length);
  return out;
}

describe('CopyBinaryWriter', () => {
  it('writes rows in COPY binary format: dates from 2000-01-01, text as UTF-8, int4 and int4[] of any sign, empty arrays', () => {
    const w = new CopyBinaryWriter();
    w.row(5).date(20_094).text('Nörth\tWest').int(0).intArray([0, 7, 2147483647, -2147483648, -5]).intArray([]);
    w.row(5).date(0).text('Nörth\tWest').int(-42).intArray([19]).intArray([3]);
    expect(parse(w.take())).toEqual([
      [20_094 - 10_957, 'Nörth\tWest', 0, [0, 7, 2147483647, -2147483648, -5], []],
      [-10_957, 'Nörth\tWest', -42, [19], [3]],
    ]);
    // A writer taken starts again with a header, and no rows.
    expect(parse(w.take())).toEqual([]);
  });

  it('grows past its first megabyte', () => {
    const w = new CopyBinaryWriter();
    const values = Array.from({ length: 200_000 }, (_, k) => k * 1013);
    w.row(5).date(1).text('x').int(1).intArray(values).intArray([1]);
    expect(parse(w.take())[0]![3]).toEqual(values);
  });
});
