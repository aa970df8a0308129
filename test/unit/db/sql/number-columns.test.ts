import { describe, expect, it } from 'vitest';
import { parsePacked } from '../../../../src/db/sql/number-columns.js';

describe('parsePacked', () => {
  it('reads rows of numbers into columns, empty fields as NaN, exactly as Number would', () => {
    const { length, columns } = parsePacked(['1,2,4994.8850,-30.0000,,0;16383,3,0.0000,355.20000000000005,1e-05,-0', '', '7,8,9,10,11,12'], 6);
    expect(length).toBe(3);
    expect(Array.from(columns[0]!)).toEqual([1, 16383, 7]);
    expect(Array.from(columns[2]!)).toEqual([4994.885, 0, 9]);
    expect(Array.from(columns[3]!)).toEqual([-30, 355.20000000000005, 10]);
    expect(columns[4]![0]).toBeNaN();
    expect(columns[4]![1]).toBe(1e-5);
    expect(Object.is(columns[5]![1], -0)).toBe(true);
  });

  it('matches Number on decimals with up to 15 digits and beyond', () => {
    const values = ['0.1', '0.3', '123456789.0123', '999999999999999', '9999999999999999', '-0.0001', '12345.678901234567', '1.5e300'];
    const { columns } = parsePacked([values.join(';')], 1);
    expect(Array.from(columns[0]!)).toEqual(values.map(Number));
  });

  it('rejects malformed rows', () => {
    expect(() => parsePacked(['1,2;3'], 2)).toThrow(/bad packed row/);
    expect(() => parsePacked(['1,2,3'], 2)).toThrow(/bad packed row/);
    expect(() => parsePacked(['1,x'], 2)).toThrow(/bad packed row/);
    expect(() => parsePacked(['1,-'], 2)).toThrow(/bad packed row/);
  });
});
