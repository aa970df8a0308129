/**
 * Co-occurrence counting over baskets: how many baskets hold each item, and each unordered pair of
 * items. Items are non-negative integers below 2^21 (product ids or dense indices).
 *
 * @module
 */

const SHIFT = 2 ** 21;
/** Up to this many cells (items²) the counts live in one typed array; beyond, in a sparse map. */
const DENSE_CELLS = 1 << 22;

export class PairCounter {
  /** Baskets added. */
  baskets = 0;
  private readonly size: number;
  private readonly dense: Int32Array | undefined;
  private readonly sparse = new Map<number, number>();

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
        for (let j = i; j < n; j++) {
          const key = a * SHIFT + items[j]!;
          this.sparse.set(key, (this.sparse.get(key) ?? 0) + 1);
        }
      }
    }
  }

  /** Adds `count` to one cell: (a, a) = baskets holding a, (a, b) with a ≠ b = baskets holding both. */
  addCount(a: number, b: number, count: number): void {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    if (this.dense && hi < this.size) this.dense[lo * this.size + hi]! += count;
    else {
      const key = lo * SHIFT + hi;
      this.sparse.set(key, (this.sparse.get(key) ?? 0) + count);
    }
  }

  /** Adds every count of `other` (baskets included) to this counter. */
  merge(other: PairCounter): void {
    this.baskets += other.baskets;
    if (this.dense && other.dense && this.size === other.size) {
      const d = this.dense;
      const o = other.dense;
      for (let k = 0; k < o.length; k++) if (o[k] !== 0) d[k]! += o[k]!;
      for (const [key, count] of other.sparse) this.sparse.set(key, (this.sparse.get(key) ?? 0) + count);
      return;
    }
    for (const [a, b, c] of other.cells()) this.addCount(a, b, c);
  }

  /** Every non-zero cell as (a, b, count) with a ≤ b; a = b is the item's own count. Ascending by a, then b, for the dense layout. */
  *cells(): IterableIterator<[a: number, b: number, count: number]> {
    const dense = this.dense;
    if (dense) {
      for (let a = 0; a < this.size; a++) {
        const row = a * this.size;
        for (let b = a; b < this.size; b++) if (dense[row + b] !== 0) yield [a, b, dense[row + b]!];
      }
    }
    for (const [key, count] of this.sparse) yield [Math.floor(key / SHIFT), key % SHIFT, count];
  }
}
