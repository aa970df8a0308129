import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvValue, viewToCsv } from '../../../../src/slack/blocks/csv-export.js';
import type { ReportView } from '../../../../src/views/report-view.js';

const view = (columns: string[], rows: string[][]): ReportView => ({ title: 't', keyFigures: [], columns: columns.map((label) => ({ label })), rows, notes: [] });

describe('viewToCsv', () => {
  it('writes a header row and every row with CRLF line ends', () => {
    expect(viewToCsv(view(['customer', 'revenue'], [['Acme', '1,234'], ['Beta', '5']]))).toBe('customer,revenue\r\nAcme,1234\r\nBeta,5\r\n');
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and reads back with a CSV parser', () => {
    const rows = [
      ['a,b', 'say "hi"', 'line 1\nline 2', 'cr\rhere', '', 'Tōkyō 😀'],
      ['plain', '', '', '', '', ''],
    ];
    const csv = viewToCsv(view(['c1', 'c2', 'c3', 'c4', 'c5', 'c6'], rows));
    expect(csv.split('\r\n')[1]).toBe('"a,b","say ""hi""","line 1\nline 2","cr\rhere",,Tōkyō 😀');
    expect(parse(csv, { relax_column_count: false })).toEqual([['c1', 'c2', 'c3', 'c4', 'c5', 'c6'], ...rows]);
  });

  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1+cmd|calc', "'+1+cmd|calc"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['\r=1', `"'\r=1"`],
    ['-', "'-"],
    ['- note', "'- note"],
  ])('escapes a formula-looking cell %j', (cell, out) => {
    expect(csvCell(cell)).toBe(out);
  });

  it.each(['-12.50', '-1,234', '+5', '-3.5%', '1,234,567.89', '0', '12%'])('leaves the plain number %s a number', (cell) => {
    expect(csvCell(cell)).toBe(cell.includes(',') ? `"${cell}"` : cell);
  });

  it('pads short rows, keeps extra cells and takes non-strings', () => {
    const v = { ...view(['a', 'b'], []), rows: [['1'], ['1', '2', '3'], [null, undefined, 4] as unknown as string[]] };
    expect(viewToCsv(v)).toBe('a,b,\r\n1,,\r\n1,2,3\r\n,,4\r\n');
    expect(viewToCsv(view([], []))).toBe('\r\n');
  });

  it.each([
    ['1,234.50', 1234.5],
    ['-1,234', -1234],
    ['\u22121,234', -1234],
    ['+5', 5],
    ['12.5%', 0.125],
    ['33.3%', 0.333],
    ['-3.5%', -0.035],
    ['0', 0],
    ['C00042', 'C00042'],
    ['2024-03-31', '2024-03-31'],
    ['1.2.3', '1.2.3'],
    ['—', '—'],
    ['', ''],
  ] as const)('turns the display cell %j into %j', (cell, value) => {
    expect(csvValue(cell)).toBe(value);
  });

  it('writes numbers as numbers: no grouping, no currency or percent sign, dot decimal', () => {
    const csv = viewToCsv(view(['customer', 'revenue', 'share', 'delta'], [['Acme', '1,234,567', '12.5%', '-1,000']]));
    expect(csv).toBe('customer,revenue,share,delta\r\nAcme,1234567,0.125,-1000\r\n');
  });

  it('uses the export table when the view has one: portal ids beside names and raw values', () => {
    const v = {
      ...view(['customer', 'value at risk'], [['Cortiças Lda.', '1,235']]),
      export: { columns: ['customer_id', 'customer', 'value_at_risk', 'p_alive'], rows: [['C7', 'Cortiças Lda.', 1234.56, null]] },
    };
    expect(viewToCsv(v)).toBe('customer_id,customer,value_at_risk,p_alive\r\nC7,Cortiças Lda.,1234.56,\r\n');
    const neg = { ...v, export: { columns: ['x'], rows: [[-0], [Number.NaN], [-12.5]] } };
    expect(viewToCsv(neg)).toBe('x\r\n0\r\n\r\n-12.5\r\n');
  });
});
