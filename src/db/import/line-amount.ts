/**
 * A sales line's amount when the file gives none: quantity × unit_price × (1 − discount), rounded to
 * the `order_items.amount` column's 4 decimals half away from zero, exactly as Postgres computes
 * `(q * p * (1 - d))::numeric(16,4)` on the file's (unrounded) values. Done in Node only by the direct
 * load (direct-sales.ts), which COPYs lines straight into order_items and so cannot leave the
 * arithmetic to an INSERT … SELECT. Hand-written rather than a decimal library: the values are the
 * importer's already checked plain decimals (no exponents), a scaled integer product is exact, and a
 * general decimal type would allocate per line on a path that runs a million times per file.
 */
import { CopyText } from './copy-text.js';


const SCALE = 4;
/** Products below this stay exact in a double; past it BigInt takes over. */
const SAFE = 2 ** 52;
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** A decimal as a scaled integer `m / 10^s` (`big` instead of `m` past 15 digits). Reused, not allocated. */
interface Scaled {
  m: number;
  big: bigint | undefined;
  s: number;
}

const Q: Scaled = { m: 0, big: undefined, s: 0 };
const P: Scaled = { m: 0, big: undefined, s: 0 };
const D: Scaled = { m: 0, big: undefined, s: 0 };

/** Reads a checked plain decimal ([+-]digits[.digits], or .digits) from bytes into `into`; false for anything else. */
function scaled(b: Uint8Array, start: number, end: number, into: Scaled): boolean {
  let i = start;
  let neg = false;
  if (b[i] === 43 || b[i] === 45) {
    neg = b[i] === 45;
    i++;
  }
  let m = 0;
  let s = 0;
  let digits = 0;
  let point = false;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c === 46 && !point) {
      point = true;
      continue;
    }
    if (c < 48 || c > 57) return false;
    m = m * 10 + (c - 48);
    digits++;
    if (point) s++;
  }
  if (digits === 0) return false;
  into.s = s;
  if (digits > 15) {
    const text = Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1');
    const big = BigInt(text.replace(/^[+-]/, '').replace('.', ''));
    into.big = neg ? -big : big;
    into.m = 0;
  } else {
    into.big = undefined;
    into.m = neg ? -m : m;
  }
  return true;
}

/** Writes `m / 10^s` rounded to SCALE decimals half away from zero. */
function writeNumber(out: CopyText, m: number, s: number): void {
  let v: number;
  if (s <= SCALE) v = m * POW10[SCALE - s]!;
  else {
    const f = POW10[s - SCALE]!;
    const a = Math.abs(m);
    let q = Math.floor(a / f);
    if (2 * (a - q * f) >= f) q++;
    v = m < 0 ? -q : q;
  }
  const a = Math.abs(v);
  const int = Math.floor(a / 1e4);
  const frac = a - int * 1e4;
  out.room(24);
  if (v < 0) out.byte(45);
  out.int(int);
  out.byte(46);
  out.byte(48 + Math.floor(frac / 1000));
  out.byte(48 + (Math.floor(frac / 100) % 10));
  out.byte(48 + (Math.floor(frac / 10) % 10));
  out.byte(48 + (frac % 10));
}

function writeBig(out: CopyText, m: bigint, s: number): void {
  let v: bigint;
  if (s <= SCALE) v = m * 10n ** BigInt(SCALE - s);
  else {
    const f = 10n ** BigInt(s - SCALE);
    const a = m < 0n ? -m : m;
    let q = a / f;
    if (2n * (a - q * f) >= f) q++;
    v = m < 0n ? -q : q;
  }
  const a = v < 0n ? -v : v;
  const text = a.toString().padStart(SCALE + 1, '0');
  out.text(`${v < 0n ? '-' : ''}${text.slice(0, -SCALE)}.${text.slice(-SCALE)}`);
}

const asBig = (x: Scaled): bigint => x.big ?? BigInt(x.m);

/**
 * Writes a line's amount as COPY text from the bytes of its quantity, unit price and discount
 * (`db` null: none). False, writing nothing, when a value is not a plain decimal (the caller then
 * leaves the file to the general import).
 */
export function writeLineAmount(
  out: CopyText,
  qb: Uint8Array, qs: number, qe: number,
  pb: Uint8Array, ps: number, pe: number,
  db: Uint8Array | null, ds: number, de: number,
): boolean {
  if (!scaled(qb, qs, qe, Q) || !scaled(pb, ps, pe, P)) return false;
  const d = db === null ? undefined : D;
  if (d !== undefined && !scaled(db!, ds, de, d)) return false;
  if (Q.big === undefined && P.big === undefined && (d === undefined || d.big === undefined)) {
    let m = Q.m * P.m;
    let s = Q.s + P.s;
    let exact = Math.abs(m) < SAFE;
    if (exact && d !== undefined) {
      if (d.s < POW10.length) {
        // 1 − d as the scaled integer 10^ds − dm.
        const rest = POW10[d.s]! - d.m;
        exact = Math.abs(m) * Math.abs(rest) < SAFE;
        m *= rest;
        s += d.s;
      } else exact = false;
    }
    // Scaling up to SCALE decimals must stay exact too.
    if (exact && s < SCALE) exact = Math.abs(m) * POW10[SCALE - s]! < SAFE;
    if (exact && s - SCALE < POW10.length) {
      writeNumber(out, m, s);
      return true;
    }
  }
  let m = asBig(Q) * asBig(P);
  let s = Q.s + P.s;
  if (d !== undefined) {
    m *= 10n ** BigInt(d.s) - asBig(d);
    s += d.s;
  }
  writeBig(out, m, s);
  return true;
}

/** `writeLineAmount` on strings: the amount's text, or undefined. */
export function lineAmount(quantity: string, unitPrice: string, discount: string | null): string | undefined {
  const out = new CopyText(64);
  const q = Buffer.from(quantity);
  const p = Buffer.from(unitPrice);
  const d = discount === null ? null : Buffer.from(discount);
  if (!writeLineAmount(out, q, 0, q.length, p, 0, p.length, d, 0, d?.length ?? 0)) return undefined;
  return Buffer.concat(out.take(true)).toString();
}
