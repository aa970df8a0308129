import { isUtf8 } from 'node:buffer';

/** Field flag: the field was enclosed in double quotes (offsets exclude them). */
export const QUOTED = 1;
/** Field flag: the quoted field holds doubled quotes ("") that still need un-escaping. */
export const ESCAPED = 2;

/**
 * One CSV record as offsets into `buf`, valid only during the callback: the reader reuses it (and its
 * arrays) for the next record, so scanning allocates nothing per record.
 */
export interface CsvRecord {
  buf: Buffer;
  /** The record's bytes, without its line terminator. */
  start: number;
  end: number;
  /** Physical line (1-based) on which the record starts. */
  line: number;
  /** Number of fields. */
  count: number;
  /** Per field: content offsets (inside the quotes for a quoted field) and QUOTED/ESCAPED flags. */
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  /** The record holds a NUL byte somewhere (no database text can). */
  nul: boolean;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** A malformed record; `code` and `lines` are what the importer turns into a `line N: csv:` message. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly code: string,
    readonly lines: number,
    message: string,
  ) {
    super(message);
  }
}

function lineBreaks(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c === LF || (c === CR && buf[i + 1] !== LF)) n++;
  }
  return n;
}

const INCOMPLETE = -1;

/**
 * A CSV reader over raw bytes (RFC 4180: comma, double quotes, CRLF/LF/CR line ends), fed chunk by
 * chunk. It only finds field boundaries; values stay bytes until somebody needs them as text, which
 * keeps it several times faster than a general parser. Like csv-parse with `bom`, `skip_empty_lines`
 * and `relax_column_count`: a BOM is dropped, blank lines are skipped, and a quote inside an unquoted
 * field or text after a closing quote is an error. Invalid UTF-8 becomes U+FFFD, as a text decoder would.
 */
export class CsvRecordReader {
  private carry: Buffer | undefined;
  private line = 1;
  private started = false;
  private readonly record: CsvRecord = {
    buf: Buffer.alloc(0),
    start: 0,
    end: 0,
    line: 0,
    count: 0,
    starts: new Int32Array(64),
    ends: new Int32Array(64),
    flags: new Uint8Array(64),
    nul: false,
  };
  /** Whether the lines being scanned hold a NUL byte at all; records only look when they do. */
  private nulInRegion = false;

  constructor(private readonly onRecord: (record: CsvRecord) => void) {}

  /** Scans every complete record of `chunk` (plus what an earlier chunk left over). */
  push(chunk: Buffer): void {
    this.scan(this.carry ? Buffer.concat([this.carry, chunk]) : chunk, false);
  }

  /** Scans what is left; an unterminated last line is a record too. */
  finish(): void {
    const rest = this.carry;
    this.carry = undefined;
    if (rest && rest.length > 0) this.scan(rest, true);
  }

  private scan(data: Buffer, final: boolean): void {
    let buf = data;
    if (!this.started) {
      if (buf.length < 3 && !final) {
        this.carry = buf;
        return;
      }
      this.started = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    // Only whole lines are scanned, so a UTF-8 check never meets a character cut in two.
    let cut = buf.length;
    if (!final) {
      const lf = buf.lastIndexOf(LF);
      const cr = buf.length >= 2 ? buf.lastIndexOf(CR, buf.length - 2) : -1;
      cut = Math.max(lf, cr) + 1;
      if (cut === 0) {
        this.carry = buf;
        return;
      }
    }
    let region = buf.subarray(0, cut);
    const rest = buf.subarray(cut);
    if (!isUtf8(region)) region = Buffer.from(region.toString('utf8'));
    this.nulInRegion = region.indexOf(0) >= 0;
    let pos = 0;
    while (pos < region.length) {
      const next = this.read(region, pos, final);
      if (next === INCOMPLETE) {
        // A quoted field runs on past the last line break seen so far.
        this.carry = Buffer.concat([region.subarray(pos), rest]);
        return;
      }
      pos = next;
    }
    this.carry = rest.length > 0 ? rest : undefined;
  }

  /** Reads the record at `pos`, reports it, returns where the next one starts (or INCOMPLETE). */
  private read(buf: Buffer, pos: number, final: boolean): number {
    const r = this.record;
    const n = buf.length;
    let p = pos;
    let count = 0;
    let breaks = 0;
    for (;;) {
      if (count === r.starts.length) this.grow();
      if (p < n && buf[p] === QUOTE) {
        let q = p + 1;
        let flag = QUOTED;
        let close: number;
        for (;;) {
          close = buf.indexOf(QUOTE, q);
          if (close < 0 || (close + 1 >= n && !final)) {
            if (!final) return INCOMPLETE;
            const at = this.line + breaks;
            throw new CsvSyntaxError('CSV_QUOTE_NOT_CLOSED', at, `field ${count + 1} opens a quote that is never closed (the file ends inside it)`);
          }
          if (buf[close + 1] !== QUOTE) break;
          flag |= ESCAPED;
          q = close + 2;
        }
        r.starts[count] = p + 1;
        r.ends[count] = close;
        r.flags[count] = flag;
        count++;
        breaks += lineBreaks(buf, p + 1, close);
        p = close + 1;
        const c = p < n ? buf[p]! : LF;
        if (c === COMMA) {
          p++;
          continue;
        }
        if (c !== LF && c !== CR) {
          throw new CsvSyntaxError(
            'CSV_INVALID_CLOSING_QUOTE',
            this.line + breaks,
            `text after the closing quote of field ${count}; a quote inside a quoted value must be doubled ("")`,
          );
        }
        break;
      }
      const s = p;
      let c = 0;
      while (p < n) {
        c = buf[p]!;
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) {
          throw new CsvSyntaxError(
            'CSV_INVALID_OPENING_QUOTE',
            this.line + breaks,
            `a quote inside field ${count + 1}, which does not start with one; enclose the value in quotes and double the inner quote`,
          );
        }
        p++;
      }
      r.starts[count] = s;
      r.ends[count] = p;
      r.flags[count] = 0;
      count++;
      if (p < n && c === COMMA) {
        p++;
        continue;
      }
      break;
    }
    let next: number;
    if (p >= n) {
      if (!final) return INCOMPLETE;
      next = n;
    } else if (buf[p] === CR) {
      if (p + 1 < n) next = buf[p + 1] === LF ? p + 2 : p + 1;
      else if (final) next = n;
      else return INCOMPLETE;
    } else {
      next = p + 1;
    }
    const blank = count === 1 && r.flags[0] === 0 && r.starts[0] === r.ends[0];
    if (!blank) {
      r.buf = buf;
      r.start = pos;
      r.end = p;
      r.line = this.line;
      r.count = count;
      if (this.nulInRegion) {
        const z = buf.indexOf(0, pos);
        r.nul = z >= 0 && z < p;
      }
      this.onRecord(r);
    }
    this.line += 1 + breaks;
    return next;
  }

  private grow(): void {
    const r = this.record;
    const size = r.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const flags = new Uint8Array(size);
    starts.set(r.starts);
    ends.set(r.ends);
    flags.set(r.flags);
    r.starts = starts;
    r.ends = ends;
    r.flags = flags;
  }
}

/** A field's text: decoded, with doubled quotes of a quoted field undone. */
export function fieldText(r: CsvRecord, i: number): string {
  const text = r.buf.toString('utf8', r.starts[i], r.ends[i]);
  return (r.flags[i]! & ESCAPED) !== 0 ? text.replaceAll('""', '"') : text;
}
