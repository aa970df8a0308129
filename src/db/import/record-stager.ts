import { AppError } from '../../lib/errors.js';
import { type CsvRecord, fieldText, QUOTED } from './csv-records.js';
import { controlReason, encodeValue, INVALID, invalidReason, lengthReason, plainlyValid, trimCell } from './field-checks.js';
import { describeColumns, stagingType, type FieldSpec, type KindSpec } from './kinds.js';
import type { RowErrors } from './row-errors.js';

/** A staging column: one per known header column, in file order. */
export interface StagingColumn {
  name: string;
  type: string;
}

const OUT_CHUNK = 1 << 20;
/** Room for the numbers and separators around a record's own bytes. */
const ROOM = 40;
const NEEDS_QUOTES = /[",\r\n]/;
/**
 * Most runs with spread-out times listed by number; past this the database looks at every run instead,
 * so memory stays flat on a file whose every order is stamped line by line.
 */
const MAX_SPREAD_RUNS = 65_536;

interface RunHead {
  buf: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
}

/** Field `i` of `a` has the same bytes (and quoting) as the given field of a run's head. */
function sameField(a: CsvRecord, i: number, headBuf: Buffer, start: number, end: number, flags: number): boolean {
  const s = a.starts[i]!;
  const n = a.ends[i]! - s;
  if (a.flags[i] !== flags || end - start !== n) return false;
  const b = a.buf;
  for (let k = 0; k < n; k++) if (b[s + k] !== headBuf[start + k]) return false;
  return true;
}

/** The CSV text of one value for COPY (format csv): empty for NULL, quoted when it has to be. */
function csvValue(v: string | null): string {
  if (v === null) return '';
  return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * Header columns that match one another as column names match (trimmed, case-insensitive): which one
 * a value should come from is anyone's guess, so neither is. Empty names (the trailing commas of some
 * spreadsheet exports) are unknown columns and may repeat.
 */
function duplicateColumns(header: readonly string[], names: readonly string[]): string[] {
  const seen = new Map<string, number[]>();
  names.forEach((n, i) => {
    if (n !== '') seen.set(n, [...(seen.get(n) ?? []), i]);
  });
  return [...seen.values()]
    .filter((at) => at.length > 1)
    .map((at) => `${at.map((i) => JSON.stringify(header[i]!.trim())).join(', ')} are the same column (columns ${at.map((i) => i + 1).join(', ')})`);
}

/**
 * Turns CSV records into COPY (format csv) input for the staging table: the record's line number, then
 * the record's own bytes (only its known fields' when the file has other columns too). A valid record
 * whose values need no change (the common case) is copied as bytes without ever becoming strings; one
 * with blanks to trim, empty quotes, a bool or enum to normalise or extra fields is rewritten; an
 * invalid one is reported to `errors` and left out. Built from the header row, so only the columns the
 * file has are staged (an absent optional column never overwrites stored values).
 *
 * For a kind with a group (sales: the lines of an order), each staged row also gets `run`, the number
 * of its run of consecutive rows with the same key, and `pos`, its place in that run; `grouped` tells
 * whether every run agreed byte for byte on the group's fields, and `spreadRuns` which runs' rows
 * differ in the group's `earliest` field (ordered_at), which they may.
 */
export class RecordStager {
  /** Staging table columns after `line`: the known ones in header order (then `run`, `pos`). */
  readonly columns: readonly StagingColumn[];
  /** Field names present in the header. */
  readonly present: ReadonlySet<string>;
  /** The header's column names, trimmed and lower-cased. */
  private readonly names: readonly string[];
  /** Output chunks ready for COPY; the caller takes them with `take()`. */
  private ready: Buffer[] = [];
  private out = Buffer.allocUnsafe(OUT_CHUNK);
  private pos = 0;
  private readonly width: number;
  /** Per header column: the field it feeds, if any. */
  private readonly slots: readonly (FieldSpec | undefined)[];
  /** Header positions of the known fields, in spec order. */
  private readonly known: Int32Array;
  /** The same positions in header order: what is staged. */
  private readonly kept: Int32Array;
  /** Every header column is known, so a clean record of the header's width is staged as it stands. */
  private readonly whole: boolean;
  private readonly values: (string | null)[];
  private readonly changed: boolean[];
  /**
   * Group key, agreeing fields and then the `earliest` field as header positions (key first); empty
   * without a group. Positions before `agreeEnd` must agree; the one after may differ.
   */
  private readonly groupAt: Int32Array;
  private readonly agreeEnd: number;
  /** Runs whose rows differ in the `earliest` field; null once more than MAX_SPREAD_RUNS did. */
  private spread: number[] | null = [];
  /** The current run's first row: its buffer and the group fields' offsets and flags in it. */
  private readonly head: RunHead;
  private run = 0;
  private inRun = 0;
  private agreeing = true;
  /** Each run's key sorted after the previous one's: in byte order, or by length and then bytes. */
  private increasing = true;
  private increasingByLength = true;
  /** The record just accepted needs rewriting (some value was trimmed or normalised). */
  private rewrite = false;

  constructor(spec: KindSpec, header: readonly string[]) {
    const names = header.map((h) => h.trim().toLowerCase());
    const twice = duplicateColumns(header, names);
    if (twice.length > 0) {
      throw new AppError(
        'IMPORT_INVALID',
        `The ${spec.kind} file names ${twice.length > 1 ? 'columns' : 'a column'} twice in its header (line 1); nothing was imported.`,
        {
          hint: 'Keep one column of each name (names are case-insensitive) and import the file again.',
          details: twice.map((d) => `line 1: header: ${d}`),
        },
      );
    }
    const slots: (FieldSpec | undefined)[] = names.map(() => undefined);
    const known: number[] = [];
    for (const f of spec.fields) {
      const at = names.indexOf(f.name);
      if (at >= 0) {
        slots[at] = f;
        known.push(at);
      }
    }
    const missing = spec.fields.filter((f) => f.required && !names.includes(f.name)).map((f) => f.name);
    if (missing.length > 0) {
      const { required, optional } = describeColumns(spec.kind);
      throw new AppError(
        'IMPORT_INVALID',
        `The ${spec.kind} file lacks required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header, line 1); nothing was imported.`,
        {
          hint: `A ${spec.kind} file needs the columns ${required.join(', ')}; optional: ${optional.join(', ')}. Names are case-insensitive, order is free.`,
          details: [`line 1: header: found ${names.filter(Boolean).join(', ') || 'no columns'}`],
        },
      );
    }
    this.width = header.length;
    this.names = names;
    this.slots = slots;
    this.known = Int32Array.from(known);
    this.values = names.map(() => null);
    this.changed = names.map(() => false);
    this.kept = Int32Array.from([...known].sort((a, b) => a - b));
    this.whole = known.length === names.length;
    const columns = Array.from(this.kept, (i) => ({ name: slots[i]!.name, type: stagingType(slots[i]!) }));
    const group = spec.group ? [spec.group.key, ...spec.group.same].map((n) => names.indexOf(n)).filter((i) => i >= 0) : [];
    if (group.length > 0) columns.push({ name: 'run', type: 'int' }, { name: 'pos', type: 'int' });
    this.agreeEnd = group.length;
    const earliest = spec.group?.earliest ? names.indexOf(spec.group.earliest) : -1;
    if (group.length > 0 && earliest >= 0) group.push(earliest);
    this.groupAt = Int32Array.from(group);
    const n = group.length;
    this.head = { buf: Buffer.alloc(0), starts: new Int32Array(n), ends: new Int32Array(n), flags: new Uint8Array(n) };
    this.columns = columns;
    this.present = new Set(known.map((i) => slots[i]!.name));
  }

  /** Grouped kinds: every run of rows with the same key agreed on the group's fields (as bytes). */
  get grouped(): boolean {
    return this.groupAt.length > 0 && this.agreeing;
  }

  /** Grouped kinds: runs whose rows differ (as bytes) in the `earliest` field; null when too many to list. */
  get spreadRuns(): readonly number[] | null {
    return this.spread;
  }

  /**
   * Grouped kinds: the runs' keys kept increasing (as exports sorted by id do, "O9" before "O10"
   * included), so no key can come back in a later run and the database need not look for one.
   */
  get runsDistinct(): boolean {
    return this.grouped && (this.increasing || this.increasingByLength);
  }

  /** Compares a new run's key with the previous run's (both unquoted, so bytes are values). */
  private ordered(r: CsvRecord, i: number): void {
    const h = this.head;
    if (r.flags[i] !== 0 || h.flags[0] !== 0) {
      this.increasing = this.increasingByLength = false;
      return;
    }
    const b = r.buf;
    const s = r.starts[i]!;
    const n = r.ends[i]! - s;
    const ps = h.starts[0]!;
    const pn = h.ends[0]! - ps;
    let cmp = 0;
    for (let k = 0; k < Math.min(n, pn) && cmp === 0; k++) cmp = b[s + k]! - h.buf[ps + k]!;
    if (cmp === 0) cmp = n - pn;
    if (cmp <= 0) this.increasing = false;
    if (n < pn || (n === pn && cmp <= 0)) this.increasingByLength = false;
  }

  /** Counts runs: a row with the head's key continues the run (and must agree with it), others start one. */
  private follow(r: CsvRecord): void {
    const at = this.groupAt;
    const h = this.head;
    if (this.run > 0 && sameField(r, at[0]!, h.buf, h.starts[0]!, h.ends[0]!, h.flags[0]!)) {
      this.inRun++;
      for (let k = 1; k < at.length; k++) {
        if (sameField(r, at[k]!, h.buf, h.starts[k]!, h.ends[k]!, h.flags[k]!)) continue;
        if (k < this.agreeEnd) this.agreeing = false;
        else this.spreadOut();
      }
      return;
    }
    if (this.run > 0 && (this.increasing || this.increasingByLength)) this.ordered(r, at[0]!);
    this.run++;
    this.inRun = 1;
    h.buf = r.buf;
    for (let k = 0; k < at.length; k++) {
      h.starts[k] = r.starts[at[k]!]!;
      h.ends[k] = r.ends[at[k]!]!;
      h.flags[k] = r.flags[at[k]!]!;
    }
  }

  /** Notes that the current run's rows differ in the `earliest` field (once per run). */
  private spreadOut(): void {
    const s = this.spread;
    if (s === null || s[s.length - 1] === this.run) return;
    if (s.length < MAX_SPREAD_RUNS) s.push(this.run);
    else this.spread = null;
  }

  /** Validates one record and appends its COPY line; problems go to `errors` (all of the row's). */
  stage(r: CsvRecord, errors: RowErrors): void {
    if (!this.accept(r, errors)) return;
    if (this.rewrite) this.rewritten(r);
    else this.copied(r);
  }

  /**
   * Validates one record and follows its group (run and place, see `runNumber`/`runPos`) without
   * staging it: false when it had problems (in `errors`). `value` then reads its checked values.
   */
  accept(r: CsvRecord, errors: RowErrors): boolean {
    if (r.count < this.width) {
      errors.add(r.line, 'row', `has ${r.count} field${r.count === 1 ? '' : 's'}, the header has ${this.width}`);
      return false;
    }
    if (r.control) {
      let found = false;
      for (const i of this.kept) {
        const why = controlReason(this.slots[i]!, trimCell(fieldText(r, i)));
        if (why === undefined) continue;
        errors.add(r.line, this.names[i]!, why);
        found = true;
      }
      // One in a column that is not staged goes with that column.
      if (found) return false;
    }
    const b = r.buf;
    let ok = true;
    let rewrite = false;
    for (let k = 0; k < this.known.length; k++) {
      const i = this.known[k]!;
      const f = this.slots[i]!;
      const s = r.starts[i]!;
      const e = r.ends[i]!;
      this.changed[i] = false;
      if (r.flags[i] === 0) {
        if (s === e) {
          if (f.required) {
            errors.add(r.line, f.name, 'is required');
            ok = false;
          }
          continue;
        }
        if (b[s]! > 32 && b[e - 1]! > 32 && plainlyValid(f, b, s, e)) continue;
      }
      const raw = fieldText(r, i);
      const cell = trimCell(raw);
      let v: string | null = cell;
      if (cell.length === 0) {
        v = null;
        if (f.required) {
          errors.add(r.line, f.name, 'is required');
          ok = false;
        }
      } else if (f.type !== 'id' && f.type !== 'text') {
        v = encodeValue(f, cell);
        if (v === INVALID) {
          errors.add(r.line, f.name, invalidReason(f, cell));
          ok = false;
          continue;
        }
      } else {
        const long = lengthReason(f, cell);
        if (long !== undefined) {
          errors.add(r.line, f.name, long);
          ok = false;
          continue;
        }
      }
      if (v !== raw) {
        this.values[i] = v;
        this.changed[i] = true;
        rewrite = true;
      }
    }
    if (!ok) return false;
    if (this.groupAt.length > 0) this.follow(r);
    this.rewrite = rewrite;
    return true;
  }

  /** The checked value of header column `i` of the record just accepted: trimmed and normalised, null when empty. */
  value(r: CsvRecord, i: number): string | null {
    if (this.changed[i]) return this.values[i] ?? null;
    if (r.flags[i] === 0 && r.starts[i] === r.ends[i]) return null;
    return fieldText(r, i);
  }

  /** Column `i` of the record just accepted was trimmed or normalised: `value` has it, its bytes do not. */
  isChanged(i: number): boolean {
    return this.changed[i] === true;
  }

  /** Grouped kinds: the number of the accepted record's run (1-based, in file order) and its place in it. */
  get runNumber(): number {
    return this.run;
  }

  get runPos(): number {
    return this.inRun;
  }

  /** Position of a field in the header, or -1. */
  columnOf(name: string): number {
    return this.names.indexOf(name);
  }

  /** The staged chunks so far (full ones, plus the partial one when `all`), handed over once. */
  take(all: boolean): Buffer[] {
    if (all && this.pos > 0) this.flush(OUT_CHUNK);
    const out = this.ready;
    this.ready = [];
    return out;
  }

  private flush(room: number): void {
    if (this.pos > 0) this.ready.push(this.out.subarray(0, this.pos));
    this.out = Buffer.allocUnsafe(Math.max(OUT_CHUNK, room));
    this.pos = 0;
  }

  /** Writes a non-negative integer in decimal; the caller made room. */
  private number(value: number): void {
    let digits = 1;
    for (let t = value; t >= 10; t = Math.floor(t / 10)) digits++;
    const end = this.pos + digits;
    let v = value;
    for (let j = end - 1; j >= this.pos; j--) {
      this.out[j] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.pos = end;
  }

  /** Ends a staged line: `,run,pos` for a grouped kind, then the newline. */
  private lineEnd(): void {
    if (this.groupAt.length > 0) {
      this.out[this.pos++] = 44;
      this.number(this.run);
      this.out[this.pos++] = 44;
      this.number(this.inRun);
    }
    this.out[this.pos++] = 10;
  }

  private copied(r: CsvRecord): void {
    const n = r.end - r.start + this.kept.length;
    if (this.pos + n + ROOM > this.out.length) this.flush(n + ROOM);
    this.number(r.line);
    this.out[this.pos++] = 44;
    if (this.whole && r.count === this.width) {
      this.pos += r.buf.copy(this.out, this.pos, r.start, r.end);
    } else {
      for (let k = 0; k < this.kept.length; k++) {
        const i = this.kept[k]!;
        if (k > 0) this.out[this.pos++] = 44;
        // A quoted field goes with its quotes (and doubled inner quotes), as the file has it.
        const q = r.flags[i]! & QUOTED;
        this.pos += r.buf.copy(this.out, this.pos, r.starts[i]! - q, r.ends[i]! + q);
      }
    }
    this.lineEnd();
  }

  private rewritten(r: CsvRecord): void {
    let text = '';
    for (let k = 0; k < this.kept.length; k++) {
      const i = this.kept[k]!;
      if (k > 0) text += ',';
      text += csvValue(this.changed[i] ? (this.values[i] ?? null) : fieldText(r, i));
    }
    const n = Buffer.byteLength(text);
    if (this.pos + n + ROOM > this.out.length) this.flush(n + ROOM);
    this.number(r.line);
    this.out[this.pos++] = 44;
    this.pos += this.out.write(text, this.pos, 'utf8');
    this.lineEnd();
  }
}
