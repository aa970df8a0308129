import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dayNumber, isoDay, localTimestamp, monthStartBefore, weekdayOf } from '../../../src/demo/calendar.js';
import { csvField, csvRow, CsvWriter } from '../../../src/demo/csv-writer.js';
import { MinHeap } from '../../../src/demo/min-heap.js';
import { discountText, formatCents, formatTenThousandths } from '../../../src/demo/money.js';
import { Rng, WeightedPicker } from '../../../src/demo/rng.js';

describe('Rng', () => {
  const draw = (seed: number) => {
    const r = Rng.fromSeed(seed);
    return Array.from({ length: 5 }, () => r.int(0, 1_000_000));
  };
  it('is a pure function of the seed', () => {
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    // Seeds beyond 32 bits still count.
    expect(draw(1)).not.toEqual(draw(2 ** 32 + 1));
  });
  it('forks independent streams in a fixed order', () => {
    const a = Rng.fromSeed(7);
    const b = Rng.fromSeed(7);
    const [a1, a2] = [a.fork(), a.fork()];
    const [b1, b2] = [b.fork(), b.fork()];
    expect(a2.float()).toBe(b2.float());
    expect(a1.float()).toBe(b1.float());
    expect(a1.float()).not.toBe(a2.float());
  });
  it('draws gamma gaps with the requested mean and shape-dependent spread', () => {
    const r = Rng.fromSeed(1);
    const sample = (k: number) => Array.from({ length: 20_000 }, () => r.gamma(k, 10));
    const stats = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return { mean: m, cv: Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length) / m };
    };
    const regular = stats(sample(8));
    const random = stats(sample(1));
    expect(regular.mean).toBeCloseTo(10, 0);
    expect(random.mean).toBeCloseTo(10, 0);
    expect(regular.cv).toBeLessThan(0.4);
    expect(random.cv).toBeGreaterThan(0.9);
  });
  it('never picks a zero weight', () => {
    const r = Rng.fromSeed(3);
    const p = new WeightedPicker([0, 1, 0, 3, 0]);
    const seen = new Set(Array.from({ length: 2000 }, () => p.pick(r)));
    expect([...seen].sort()).toEqual([1, 3]);
  });
});

describe('calendar', () => {
  it('numbers days, weekdays and month starts without time zones', () => {
    const d = dayNumber(2024, 11, 5);
    expect(isoDay(d)).toBe('2024-11-05');
    expect(weekdayOf(d)).toBe(1); // a Tuesday
    expect(weekdayOf(dayNumber(1969, 12, 29))).toBe(0); // Monday before the epoch
    expect(isoDay(monthStartBefore(dayNumber(2025, 6, 30), 26))).toBe('2023-04-01');
    expect(localTimestamp('2024-11-05', 9 * 3600 + 5 * 60 + 7)).toBe('2024-11-05T09:05:07');
  });
});

describe('money text', () => {
  it('formats exactly from integers', () => {
    expect(formatCents(1234)).toBe('12.34');
    expect(formatCents(1299)).toBe('12.99');
    expect(formatCents(5)).toBe('0.05');
    expect(formatTenThousandths(1_234_500)).toBe('123.45');
    expect(formatTenThousandths(-1_234_567)).toBe('-123.4567');
    expect(formatTenThousandths(2_735_460)).toBe('273.546');
    expect([0, 5, 10, 15].map(discountText)).toEqual(['0', '0.05', '0.1', '0.15']);
  });
});

describe('MinHeap', () => {
  it('pops in key order', () => {
    const h = new MinHeap(10);
    [5, 1, 9, 3, 7].forEach((k, i) => h.push(i, k));
    const keys: number[] = [];
    while (h.size > 0) {
      h.pop();
      keys.push(h.lastKey);
    }
    expect(keys).toEqual([1, 3, 5, 7, 9]);
    expect(h.pop()).toBe(-1);
  });
});

describe('CSV writing', () => {
  it('quotes only what needs quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvRow(['x', 'y,z', undefined])).toBe('x,"y,z",\n');
  });
  it('streams to plain and gzip files with the same content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-csv-'));
    try {
      const texts: string[] = [];
      for (const gzip of [false, true]) {
        const w = CsvWriter.create(join(dir, `t.csv${gzip ? '.gz' : ''}`), ['a', 'b'], gzip);
        for (let i = 0; i < 50_000; i++) {
          const p = w.row([i, `v${i}`]);
          if (p) await p;
        }
        await w.close();
        expect(w.rows).toBe(50_000);
        const bytes = await readFile(w.path);
        texts.push((gzip ? gunzipSync(bytes) : bytes).toString('utf8'));
      }
      expect(texts[1]).toBe(texts[0]);
      expect(texts[0]!.startsWith('a,b\n0,v0\n1,v1\n')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
