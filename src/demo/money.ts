/** "00".."99" for the cents part. */
const CENTS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** Non-negative cents → "12.30". Integer arithmetic only, so the text is exact and identical everywhere. */
export function formatCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${CENTS[cents % 100]}`;
}

/**
 * Ten-thousandths (cents × percent, what quantity × price × (1 − discount) yields in integers) → a
 * decimal with 2 to 4 places, e.g. 1234500 → "123.45", -1234567 → "-123.4567".
 */
export function formatTenThousandths(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const whole = Math.floor(abs / 10_000);
  let frac = String(abs - whole * 10_000).padStart(4, '0');
  if (frac.endsWith('00')) frac = frac.slice(0, 2);
  else if (frac.endsWith('0')) frac = frac.slice(0, 3);
  return `${sign}${whole}.${frac}`;
}

/** Discount fraction text for a whole percent: 0 → "0", 5 → "0.05", 15 → "0.15". */
export function discountText(pct: number): string {
  return pct === 0 ? '0' : String(pct / 100);
}
