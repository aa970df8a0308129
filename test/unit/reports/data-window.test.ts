import { describe, expect, it } from 'vitest';
import { anchorDay, dataNoteText, NO_SALES_YET } from '../../../src/reports/data-window.js';

const range = { from: '1996-07-04', to: '1998-05-06' };

describe('anchorDay', () => {
  it('is today when the data reaches today, the data end when it stops before, the request when given', () => {
    expect(anchorDay('2026-12-07', { from: '2026-01-01', to: '2026-12-07' }, undefined)).toEqual({ asOf: '2026-12-07' });
    expect(anchorDay('2026-12-07', range, undefined)).toEqual({ asOf: '1998-05-06', dataEnds: '1998-05-06' });
    // 2026-12-07 is a Monday: data through the Friday before (or later) is a current nightly export.
    expect(anchorDay('2026-12-07', { from: '2026-01-01', to: '2026-12-06' }, undefined)).toEqual({ asOf: '2026-12-07' });
    expect(anchorDay('2026-12-07', { from: '2026-01-01', to: '2026-12-04' }, undefined)).toEqual({ asOf: '2026-12-07' });
    expect(anchorDay('2026-12-07', { from: '2026-01-01', to: '2026-12-03' }, undefined)).toEqual({ asOf: '2026-12-03', dataEnds: '2026-12-03' });
    expect(anchorDay('2026-12-08', { from: '2026-01-01', to: '2026-12-07' }, undefined)).toEqual({ asOf: '2026-12-08' });
    expect(anchorDay('2026-12-08', { from: '2026-01-01', to: '2026-12-06' }, undefined)).toEqual({ asOf: '2026-12-06', dataEnds: '2026-12-06' });
    // Every day a working day: only yesterday's data is current.
    expect(anchorDay('2026-12-07', { from: '2026-01-01', to: '2026-12-05' }, undefined, [1, 2, 3, 4, 5, 6, 7])).toEqual({ asOf: '2026-12-05', dataEnds: '2026-12-05' });
    expect(anchorDay('2026-12-07', range, '1997-12-31')).toEqual({ asOf: '1997-12-31' });
    expect(anchorDay('2026-12-07', null, undefined)).toEqual({ asOf: '2026-12-07' });
  });
});

describe('dataNoteText', () => {
  const base = { dataRange: range, window: { to: '1998-05-06' }, empty: false, filtered: false };
  it('says nothing when the window is within the data and not anchored', () => {
    expect(dataNoteText({ ...base, window: { from: '1997-01-01', to: '1997-03-31' } })).toBeUndefined();
  });
  it('no sales at all: what to type', () => {
    expect(dataNoteText({ ...base, dataRange: null })).toBe(NO_SALES_YET);
  });
  it('anchored windows end at the data', () => {
    expect(dataNoteText({ ...base, dataEnds: '1998-05-06' })).toBe('Your data ends 1998-05-06, so windows end there.');
    expect(dataNoteText({ ...base, window: null, dataEnds: '1998-05-06' })).toBe('Your data ends 1998-05-06, so windows end there.');
  });
  it('an explicit window past the data keeps its end and says where the data stops', () => {
    expect(dataNoteText({ ...base, window: { from: '1998-04-01', to: '1998-12-31' } })).toBe('Your data ends 1998-05-06.');
    // A current nightly export: a window ending today says nothing about where the data ends.
    expect(dataNoteText({ ...base, window: { from: '1998-04-01', to: '1998-05-07' }, current: true })).toBeUndefined();
  });
  it('an empty window says where the data is, with or without a start, filtered or not', () => {
    expect(dataNoteText({ ...base, window: { from: '2026-09-08', to: '2026-12-07' }, empty: true })).toBe(
      'No orders from 2026-09-08 to 2026-12-07; your data runs from 1996-07-04 to 1998-05-06.',
    );
    expect(dataNoteText({ ...base, window: { to: '1990-01-01' }, empty: true })).toBe('No orders up to 1990-01-01; your data runs from 1996-07-04 to 1998-05-06.');
    expect(dataNoteText({ ...base, window: { from: '1998-05-01', to: '1998-05-01' }, empty: true, filtered: true, dataEnds: '1998-05-06' })).toBe(
      'No orders match these filters on 1998-05-01; your data runs from 1996-07-04 to 1998-05-06.',
    );
  });
});
