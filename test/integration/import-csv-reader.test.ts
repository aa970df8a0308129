import { seededFloats } from '../../src/demo/rng.js';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_NOT_UTF8, CSV_RECORD_TOO_LONG, CsvRecordReader, CsvSyntaxError, fieldText } from '../../src/db/import/csv-records.js';
import { MAX_RECORD_BYTES } from '../../src/db/import/text-caps.js';
import { encodeValue, plainlyValid } from '../../src/db/import/field-checks.js';
import { KIND_SPECS, type FieldSpec } from '../../src/db/import/kinds.js';

interface Read {
  line: number;
  fields: string[];
}

/** Feeds `bytes` to the reader cut at `cuts` (offsets), as a stream would. */
function readAll(bytes: Buffer, cuts: number[] = []): Read[] {
  const out: Read[] = [];
  const reader = new CsvRecordReader((r) => out.push({ line: r.line, fields: Array.from({ length: r.count }, (_, i) => fieldText(r, i)) }));
  let from = 0;
  for (const at of [...cuts].sort((a, b) => a - b)) {
    reader.push(bytes.subarray(from, at));
    from = at;
  }
  reader.push(bytes.subarray(from));
  reader.finish();
  return out;
}

function syntaxError(text: string): CsvSyntaxError {
  try {
    readAll(Buffer.from(text));
  } catch (e) {
    if (e instanceof CsvSyntaxError) return e;
    throw e;
  }
  throw new Error('no error');
}


const PIECES = ['a', 'Z', '7', ' ', ',', '"', '\n', '\r\n', 'é', '€', '😀', 'x y', '0.5', ''];

describe('CsvRecordReader', () => {
  it('splits records like csv-parse, whatever the chunking, and numbers each by the line it starts on', () => {
    const r = seededFloats(7);
    for (let doc = 0; doc < 300; doc++) {
      const eol = r() < 0.5 ? '\n' : '\r\n';
      const width = 1 + Math.floor(r() * 4);
      const rows: string[][] = [];
      let text = r() < 0.2 ? '\ufeff' : '';
      const starts: number[] = [];
      let line = 1;
      const nRows = 1 + Math.floor(r() * 8);
      for (let i = 0; i < nRows; i++) {
        if (r() < 0.15) {
          text += eol;
          line++;
        }
        const row = Array.from({ length: width }, () => {
          let v = '';
          for (let k = Math.floor(r() * 4); k > 0; k--) v += PIECES[Math.floor(r() * PIECES.length)]!;
          return v;
        });
        // A lone empty field would be a blank line, which both readers skip.
        if (width === 1 && row[0] === '') row[0] = 'e';
        const cells = row.map((v) => (/[",\r\n]/.test(v) || r() < 0.2 ? `"${v.replaceAll('"', '""')}"` : v));
        const record = cells.join(',');
        starts.push(line);
        line += (record.match(/\r\n|\n/g) ?? []).length + 1;
        text += record + (i < nRows - 1 || r() < 0.5 ? eol : '');
        rows.push(row);
      }
      const bytes = Buffer.from(text);
      const cuts = Array.from({ length: Math.floor(r() * 4) }, () => Math.floor(r() * bytes.length));
      const got = readAll(bytes, cuts);
      const expected = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
      expect(got.map((g) => g.fields), JSON.stringify(text)).toEqual(expected);
      expect(got.map((g) => g.fields)).toEqual(rows);
      expect(got.map((g) => g.line), JSON.stringify(text)).toEqual(starts);
    }
  });

  it('reads lone CR line ends, skips blank lines and keeps short and long records as they are', () => {
    expect(readAll(Buffer.from('a,b\r1,2\r\r3\r4,5,6')).map((x) => [x.line, x.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [4, ['3']],
      [5, ['4', '5', '6']],
    ]);
  });

  it('refuses bytes that are not UTF-8, naming their line, however the chunks are cut', () => {
    const bytes = Buffer.concat([
      Buffer.from('\ufeffid,name\r\n1,"caf\u00e9\n2"\r\n\n3,M'),
      Buffer.from([0xfc]), // Latin-1 ü
      Buffer.from('ller\n4,x\n'),
    ]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const e = (() => {
        try {
          readAll(bytes, [cut]);
        } catch (x) {
          return x;
        }
      })();
      expect(e, `cut at ${cut}`).toMatchObject({ code: CSV_NOT_UTF8, lines: 5, message: 'not valid UTF-8 (save the file as UTF-8)' });
    }
    // A character cut in two by the chunking is fine, a UTF-8 BOM is dropped.
    const ok = Buffer.from('\ufeffid,name\n1,Caf\u00e9 M\u00fcller \u{1f600}\n');
    for (let cut = 1; cut < ok.length; cut++) expect(readAll(ok, [cut])[1]!.fields).toEqual(['1', 'Café Müller 😀']);
  });

  it('says that a UTF-16 file is UTF-16', () => {
    const le = Buffer.from('id,name\n1,x\n', 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), Buffer.concat([Buffer.from([0xfe, 0xff]), be]), le, be]) {
      expect(() => readAll(bytes)).toThrow(/UTF-16 \(save the file as UTF-8\)/);
    }
  });

  it('refuses a record longer than MAX_RECORD_BYTES without holding more of it, named by the line it starts on', () => {
    const big = 'x'.repeat(MAX_RECORD_BYTES + 10);
    for (const text of [`a,b\n1,2\n3,${big}\n4,5\n`, `a,b\n1,2\n3,"${big}\n4,5\n`, `a,b\n1,2\n3,${big}`]) {
      const bytes = Buffer.from(text);
      // 64 KiB chunks, as stdin delivers them; and all at once.
      const cuts = Array.from({ length: Math.floor(bytes.length / 65_536) }, (_, i) => (i + 1) * 65_536);
      for (const c of [cuts, []]) {
        expect(() => readAll(bytes, c)).toThrow(CsvSyntaxError);
        try {
          readAll(bytes, c);
        } catch (e) {
          expect(e).toMatchObject({ code: CSV_RECORD_TOO_LONG, lines: 3 });
        }
      }
    }
    const atCap = `a\n${'y'.repeat(MAX_RECORD_BYTES)}\n`;
    expect(readAll(Buffer.from(atCap), [70_000, 500_000])[1]!.fields[0]).toHaveLength(MAX_RECORD_BYTES);
  });

  it('flags exactly the records that may hold a control character', () => {
    const flagged = (text: string): boolean[] => {
      const out: boolean[] = [];
      const reader = new CsvRecordReader((r) => out.push(r.control));
      reader.push(Buffer.from(text));
      reader.finish();
      return out;
    };
    expect(flagged('a,b\n1,x\u0000y\n2,"q\u0007"\n3,"two\nlines"\n4,t\tab\n5,"\u0085"\n6,\u007f\n7,"caf\u00e9 \u00a0, ok"\n8,plain\r\n')).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('names the line of a malformed record', () => {
    expect(syntaxError('a,b\n1,2\n3,"x\n').lines).toBe(3);
    expect(syntaxError('a,b\n1,2"x\n')).toMatchObject({ code: 'CSV_INVALID_OPENING_QUOTE', lines: 2 });
    expect(syntaxError('a,b\n"1\n2"x,3\n')).toMatchObject({ code: 'CSV_INVALID_CLOSING_QUOTE', lines: 3 });
  });
});

describe('plainlyValid (the byte-level fast path of the value checks)', () => {
  const fields: FieldSpec[] = Object.values(KIND_SPECS).flatMap((k) => k.fields);
  const check = (f: FieldSpec, v: string): boolean => plainlyValid(f, Buffer.from(v), 0, Buffer.byteLength(v));

  it('only ever accepts what encodeValue accepts unchanged', () => {
    const r = seededFloats(11);
    const alphabet = '0123456789-:.T Z+e1a';
    let accepted = 0;
    for (let i = 0; i < 100_000; i++) {
      const f = fields[Math.floor(r() * fields.length)]!;
      if (f.type === 'id' || f.type === 'text') continue;
      let v: string;
      if (r() < 0.5) {
        // Near-valid shapes: a real timestamp or number with one character changed.
        const base = [
          '2024-02-29T23:59:59Z',
          '2023-02-29',
          '1999-12-31 00:00',
          '0000-01-01',
          '2024-13-01T10:00:00',
          '12345678901.25',
          '-0.5',
          '1.0000',
          '007',
          '1',
          '0',
          '99999999999',
        ][Math.floor(r() * 12)]!;
        const at = Math.floor(r() * base.length);
        v = r() < 0.5 ? base : base.slice(0, at) + alphabet[Math.floor(r() * alphabet.length)] + base.slice(at + 1);
      } else {
        v = Array.from({ length: 1 + Math.floor(r() * 12) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
      }
      v = v.trim();
      if (v === '' || !check(f, v)) continue;
      accepted++;
      expect(encodeValue(f, v), `${f.name} ${JSON.stringify(v)}`).toBe(v);
    }
    expect(accepted).toBeGreaterThan(1000);
  });

  it('accepts the shapes exports use, so they never leave the fast path', () => {
    const sales = KIND_SPECS.sales.fields;
    const field = (name: string): FieldSpec => sales.find((f) => f.name === name)!;
    expect(['2024-07-22', '2024-07-22T10:48:03', '2024-07-22 10:48', '2024-07-22T10:48:03Z'].every((v) => check(field('ordered_at'), v))).toBe(true);
    expect(['6', '349.00', '-10.50', '0.125'].every((v) => check(field('unit_price'), v))).toBe(true);
    expect(['0', '0.1', '1', '0.99999'].every((v) => check(field('discount'), v))).toBe(true);
    expect(['1.5', '-0.1', '1.0000000001'].some((v) => check(field('discount'), v))).toBe(false);
    expect(check(field('line_no'), '3')).toBe(true);
    expect(check(field('line_no'), '0')).toBe(false);
  });
});
