import { describe, expect, it } from 'vitest';
import { countOf, formatInt, formatMoney, formatPercent, formatSignedMoney, formatSignedPercent, plural, sentence } from '../../../src/lib/format.js';

describe('format: one minus sign, no "-0", real plurals', () => {
  it('negative numbers use the ASCII hyphen-minus everywhere', () => {
    expect(formatMoney(-1234.4)).toBe('-1,234');
    expect(formatInt(-5)).toBe('-5');
    expect(formatPercent(-0.125)).toBe('-12.5%');
    expect(formatSignedMoney(-56)).toBe('-56');
    expect(formatSignedMoney(1234)).toBe('+1,234');
    expect(formatSignedPercent(0.3)).toBe('+30.0%');
    expect(formatSignedPercent(-0.05)).toBe('-5.0%');
    for (const s of [formatMoney(-1), formatPercent(-0.5), formatSignedMoney(-3), formatSignedPercent(-0.2)]) expect(s).not.toContain('\u2212');
  });

  it('a value that rounds to zero has no sign', () => {
    expect(formatMoney(-0.4)).toBe('0');
    expect(formatInt(-0.2)).toBe('0');
    expect(formatPercent(-0.00001)).toBe('0.0%');
    expect(formatSignedMoney(-0.3)).toBe('0');
    expect(formatSignedMoney(0)).toBe('0');
    expect(formatSignedPercent(-0.00001)).toBe('0.0%');
  });

  it('counts agree with their noun', () => {
    expect(countOf(1, 'region')).toBe('1 region');
    expect(countOf(2, 'region')).toBe('2 regions');
    expect(countOf(0, 'city', 'cities')).toBe('0 cities');
    expect(countOf(1, 'city', 'cities')).toBe('1 city');
    expect(countOf(1204, 'customer')).toBe('1,204 customers');
    expect(plural(1, 'salesman', 'salesmen')).toBe('salesman');
  });

  it('sentence adds a period only when the text has none ("Lda." stays "Lda.")', () => {
    expect(sentence('Logged a call with Cortiças Lda.')).toBe('Logged a call with Cortiças Lda.');
    expect(sentence('Logged a call with Acme')).toBe('Logged a call with Acme.');
    expect(sentence('Really?')).toBe('Really?');
  });
});

describe('textTable (CLI)', () => {
  it('pads by code points, so an emoji does not shift the columns', async () => {
    const { textTable } = await import('../../../src/lib/format.js');
    const out = textTable(['name', 'n'], [['Zürich 😀', '1'], ['Basel', '22']], ['l', 'r']).split('\n');
    expect(out.map((l) => [...l].length)).toEqual([12, 12, 12, 12]);
  });
});
