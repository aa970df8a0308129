/**
 * Co-occurrence counting over baskets: how many baskets hold each item, and each unordered pair of
 * items. Items are non-negative integers below 2^21 (product ids or dense indices).
 *
 * @module
 */

const SHIFT = 2 ** 21;
/**
 * Up to this many cells (items²) the counts live in one typed array; beyond, in a hash table. Kept
 * small: a dense counter costs items² to allocate, merge and list however few cells it holds, and the
 * basket rollup keeps one per week and region (1,862 products made that 14 MB each, 42 s for
 * Superstore's 10k lines); the hash table costs what the counter holds.
 */
const DENSE_CELLS = 1 << 16;
/** Slots a fresh hash table starts with (a power of two). */
const INITIAL_SLOTS = 1 << 10;
const EMPTY = -1;
/** Counts are below 2^31 (Int32Array cells). */
const COUNT_SPAN = 2 ** 31;

/**
 * Open-addressing hash table (linear probing, at most half full) of pair → count on typed arrays. A
 * `Map` keyed by `a * 2^21 + b` was what the refresh spent its minutes on with thousands of products
 * (keys beyond 2^31 are boxed doubles: ~10 M increments took over a minute); this is ~20× faster.
 */
class PairTable {
  size = 0;
  private keysA = new Int32Array(INITIAL_SLOTS).fill(EMPTY);
  private keysB = new Int32Array(INITIAL_SLOTS);
  private counts = new Int32Array(INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;

  private static slotOf(a: number, b: number, mask: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    return h & mask;
  }

  add(a: number, b: number, count: number): void {
    const keysA = this.keysA;
    const keysB = this.keysB;
    const mask = this.mask;
    let s = PairTable.slotOf(a, b, mask);
    for (;;) {
      const k = keysA[s]!;
      if (k === EMPTY) break;
      if (k === a && keysB[s] === b) {
        this.counts[s]! += count;
        return;
      }
      s = (s + 1) & mask;
    }
    keysA[s] = a;
    keysB[s] = b;
    this.counts[s] = count;
    if (++this.size * 2 > mask + 1) this.grow();
  }

  get(a: number, b: number): number {
    const mask = this.mask;
    for (let s = PairTable.slotOf(a, b, mask); ; s = (s + 1) & mask) {
      const k = this.keysA[s]!;
      if (k === EMPTY) return 0;
      if (k === a && this.keysB[s] === b) return this.counts[s]!;
    }
  }

  private grow(): void {
    const { keysA, keysB, counts } = this;
    const slots = (this.mask + 1) * 2;
    this.keysA = new Int32Array(slots).fill(EMPTY);
    this.keysB = new Int32Array(slots);
    this.counts = new Int32Array(slots);
    this.mask = slots - 1;
    for (let s = 0; s < keysA.length; s++) {
      const a = keysA[s]!;
      if (a === EMPTY) continue;
      let t = PairTable.slotOf(a, keysB[s]!, this.mask);
      while (this.keysA[t] !== EMPTY) t = (t + 1) & this.mask;
      this.keysA[t] = a;
      this.keysB[t] = keysB[s]!;
      this.counts[t] = counts[s]!;
    }
  }

  /** Calls `fn` for every entry, in slot order. */
  forEach(fn: (a: number, b: number, count: number) => void): void {
    const { keysA, keysB, counts } = this;
    for (let s = 0; s < keysA.length; s++) if (keysA[s] !== EMPTY) fn(keysA[s]!, keysB[s]!, counts[s]!);
  }
}

export class PairCounter {
  /** Baskets added. */
  baskets = 0;
  private readonly size: number;
  private readonly dense: Int32Array | undefined;
  private readonly sparse = new PairTable();

  /** `itemBound`: every item is below it (enables the dense layout for small catalogues). */
  constructor(itemBound = 0) {
    this.size = itemBound;
    this.dense = itemBound > 0 && itemBound * itemBound <= DENSE_CELLS ? new Int32Array(itemBound * itemBound) : undefined;
  }

  /** Counts one basket (any order, duplicates allowed). */
  add(basket: ArrayLike<number>): void {
    this.addDistinctSorted(Array.from(new Set(Array.from(basket))).sort((x, y) => x - y));
  }

  /** Counts one basket whose items are already distinct and ascending (e.g. `array_agg(distinct …)`). */
  addDistinctSorted(items: ArrayLike<number>): void {
    this.baskets++;
    const n = items.length;
    const dense = this.dense;
    for (let i = 0; i < n; i++) {
      const a = items[i]!;
      if (!(a >= 0 && a < (dense ? this.size : SHIFT))) throw new RangeError(`item ${a} is out of range`);
      if (dense) {
        const row = a * this.size;
        for (let j = i; j < n; j++) dense[row + items[j]!]!++;
      } else {
        for (let j = i; j < n; j++) this.sparse.add(a, items[j]!, 1);
      }
    }
  }

  /** Adds `count` to one cell: (a, a) = baskets holding a, (a, b) with a ≠ b = baskets holding both. */
  addCount(a: number, b: number, count: number): void {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    if (this.dense && hi < this.size) this.dense[lo * this.size + hi]! += count;
    else this.sparse.add(lo, hi, count);
  }

  /** The count of one cell (a, b in either order). */
  count(a: number, b: number): number {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    return (this.dense && hi < this.size ? this.dense[lo * this.size + hi]! : 0) + this.sparse.get(lo, hi);
  }

  /** Non-zero cells held. */
  get cellCount(): number {
    let n = this.sparse.size;
    if (this.dense) for (let k = 0; k < this.dense.length; k++) if (this.dense[k] !== 0) n++;
    return n;
  }

  /** Adds every count of `other` (baskets included) to this counter. */
  merge(other: PairCounter): void {
    this.baskets += other.baskets;
    if (this.dense && other.dense && this.size === other.size) {
      const d = this.dense;
      const o = other.dense;
      for (let k = 0; k < o.length; k++) if (o[k] !== 0) d[k]! += o[k]!;
      other.sparse.forEach((a, b, c) => this.sparse.add(a, b, c));
      return;
    }
    other.forEachCell((a, b, c) => this.addCount(a, b, c));
  }

  /** Calls `fn` for every non-zero cell as {@link cells} lists them, without allocating a tuple per cell. */
  forEachCell(fn: (a: number, b: number, count: number) => void): void {
    const dense = this.dense;
    if (dense) {
      for (let a = 0; a < this.size; a++) {
        const row = a * this.size;
        for (let b = a; b < this.size; b++) if (dense[row + b] !== 0) fn(a, b, dense[row + b]!);
      }
    }
    this.sparse.forEach(fn);
  }

  /**
   * Every non-zero cell as parallel arrays, ascending by a, then b (a ≤ b; a = b is the item's own
   * count). A counting sort by a, then each a's cells sorted natively as one float per cell,
   * b · 2^31 + count (exact: below 2^52): no tuple per cell and no comparator calls.
   */
  sortedCells(): { a: Int32Array; b: Int32Array; count: Int32Array } {
    const n = this.cellCount;
    const as = new Int32Array(n);
    const packed = new Float64Array(n);
    let k = 0;
    let maxA = -1;
    this.forEachCell((a, b, c) => {
      as[k] = a;
      packed[k++] = b * COUNT_SPAN + c;
      if (a > maxA) maxA = a;
    });
    const starts = new Int32Array(maxA + 2);
    for (let i = 0; i < n; i++) starts[as[i]! + 1]!++;
    for (let a = 0; a <= maxA; a++) starts[a + 1]! += starts[a]!;
    const next = starts.slice(0, maxA + 1);
    const byA = new Float64Array(n);
    for (let i = 0; i < n; i++) byA[next[as[i]!]!++] = packed[i]!;
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    const count = new Int32Array(n);
    for (let item = 0; item <= maxA; item++) {
      const from = starts[item]!;
      const to = starts[item + 1]!;
      if (from === to) continue;
      byA.subarray(from, to).sort();
      a.fill(item, from, to);
      for (let i = from; i < to; i++) {
        const hi = Math.floor(byA[i]! / COUNT_SPAN);
        b[i] = hi;
        count[i] = byA[i]! - hi * COUNT_SPAN;
      }
    }
    return { a, b, count };
  }

  /** Every non-zero cell as (a, b, count) with a ≤ b; a = b is the item's own count. Ascending by a, then b, for the dense layout. */
  *cells(): IterableIterator<[a: number, b: number, count: number]> {
    const out: [number, number, number][] = [];
    this.forEachCell((a, b, c) => out.push([a, b, c]));
    yield* out;
  }
}
