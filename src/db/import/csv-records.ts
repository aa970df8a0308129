import { isUtf8 } from 'node:buffer';
import { MAX_RECORD_BYTES } from './text-caps.js';

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
  /**
   * The record may hold a control character: a C0 byte (NUL, tab…), DEL, a C1 control, or a line break
   * inside a quoted field. Only such records are looked at closely (see RecordStager).
   */
  control: boolean;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const DEL = 127;
/** Lead byte of U+0080…U+00BF; followed by 0x80…0x9F it is a C1 control. */
const C2 = 0xc2;

/** Codes of the reader's errors that are about the encoding, not the CSV syntax. */
export const CSV_NOT_UTF8 = 'CSV_NOT_UTF8';
export const CSV_RECORD_TOO_LONG = 'CSV_RECORD_TOO_LONG';

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

/**
 * Offset of the first byte of the first line (LF, CR or CRLF) of `buf` that is not valid UTF-8. Only
 * called once `isUtf8` said no: line breaks never occur inside a UTF-8 sequence, so lines can be
 * checked one by one.
 */
function firstBadLine(buf: Buffer): number {
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i < buf.length && buf[i] !== LF && buf[i] !== CR) continue;
    if (!isUtf8(buf.subarray(start, i))) return start;
    start = i + 1;
  }
  return buf.length;
}

const tooLong = (line: number): CsvSyntaxError =>
  new CsvSyntaxError(
    CSV_RECORD_TOO_LONG,
    line,
    `the record starting here is longer than ${MAX_RECORD_BYTES / (1024 * 1024)} MiB (a value far past the length limits, or a quote that is never closed)`,
  );

const INCOMPLETE = -1;

/**
 * A CSV reader over raw bytes (RFC 4180: comma, double quotes, CRLF/LF/CR line ends), fed chunk by
 * chunk. It only finds field boundaries; values stay bytes until somebody needs them as text, which
 * keeps it several times faster than a general parser. Like csv-parse with `bom`, `skip_empty_lines`
 * and `relax_column_count`: a BOM is dropped, blank lines are skipped, and a quote inside an unquoted
 * field or text after a closing quote is an error. So are bytes that are not UTF-8 (a Latin-1 or UTF-16
 * file), named by the first such line rather than replaced by U+FFFD, and a record longer than
 * MAX_RECORD_BYTES, which would otherwise be held whole. Hand-written rather than csv-parse for speed
 * (see the import bench); the UTF-8 check is Node's native `isUtf8` over whole lines, nearly free.
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
    control: false,
  };
  /** Set by `quoted` when a quoted field holds a control byte. */
  private quotedControl = false;

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
      // With a BOM, or without one: a header in UTF-16 has a zero byte next to its first letter.
      else if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff) || buf[0] === 0 || buf[1] === 0) {
        throw new CsvSyntaxError(CSV_NOT_UTF8, 1, 'not valid UTF-8: the file is UTF-16 (save the file as UTF-8)');
      }
    }
    // Only whole lines are scanned, so a UTF-8 check never meets a character cut in two.
    let cut = buf.length;
    if (!final) {
      const lf = buf.lastIndexOf(LF);
      const cr = buf.length >= 2 ? buf.lastIndexOf(CR, buf.length - 2) : -1;
      cut = Math.max(lf, cr) + 1;
      if (cut === 0) {
        if (buf.length > MAX_RECORD_BYTES) throw tooLong(this.line);
        this.carry = buf;
        return;
      }
    }
    const region = buf.subarray(0, cut);
    const rest = buf.subarray(cut);
    if (!isUtf8(region)) {
      const at = firstBadLine(region);
      throw new CsvSyntaxError(CSV_NOT_UTF8, this.line + lineBreaks(region, 0, at), 'not valid UTF-8 (save the file as UTF-8)');
    }
    let pos = 0;
    while (pos < region.length) {
      const next = this.read(region, pos, final);
      if (next === INCOMPLETE) {
        // A quoted field runs on past the last line break seen so far.
        if (region.length - pos + rest.length > MAX_RECORD_BYTES) throw tooLong(this.line);
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
    let control = false;
    this.quotedControl = false;
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
        breaks += this.quoted(buf, p + 1, close);
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
        // Letters and digits skip all the tests below.
        if (c <= COMMA || c >= DEL) {
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) {
            throw new CsvSyntaxError(
              'CSV_INVALID_OPENING_QUOTE',
              this.line + breaks,
              `a quote inside field ${count + 1}, which does not start with one; enclose the value in quotes and double the inner quote`,
            );
          }
          if (c < 32 || c === DEL || (c === C2 && (buf[p + 1]! & 0xe0) === 0x80)) control = true;
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
    if (p - pos > MAX_RECORD_BYTES) throw tooLong(this.line);
    const blank = count === 1 && r.flags[0] === 0 && r.starts[0] === r.ends[0];
    if (!blank) {
      r.buf = buf;
      r.start = pos;
      r.end = p;
      r.line = this.line;
      r.count = count;
      r.control = control || this.quotedControl || breaks > 0;
      this.onRecord(r);
    }
    this.line += 1 + breaks;
    return next;
  }

  /** Line breaks inside a quoted field's content; notes a control byte there in `quotedControl`. */
  private quoted(buf: Buffer, from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i++) {
      const c = buf[i]!;
      if (c >= 32 && c < DEL) continue;
      if (c > DEL) {
        // Most non-ASCII bytes: only C2 80…9F (a C1 control) matters.
        if (c === C2 && (buf[i + 1]! & 0xe0) === 0x80) this.quotedControl = true;
      } else if (c === LF || (c === CR && buf[i + 1] !== LF)) n++;
      else if (c !== CR) this.quotedControl = true;
    }
    return n;
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
