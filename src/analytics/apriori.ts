/**
 * Frequent itemset mining over transactions (orders → distinct products), the counting half of
 * Apriori as implemented by arules. Counting is done depth-first on vertical tid-lists (Eclat):
 * each item keeps the ascending list of transaction indices it occurs in (an `Int32Array`), and the
 * tid-list of an itemset is the intersection of its items' lists. Items are processed in ascending
 * support order, which keeps the intersected lists short. Memory is O(total item occurrences).
 *
 * @module
 */

/** Transactions as compact integer arrays; the SQL layer produces one basket per order. */
export interface TransactionsInput {
  /**
   * One entry per transaction (order): item indices in `[0, itemCount)`, any order. Repeated items
   * in one basket count once (transactions are sets). Empty baskets count as transactions.
   */
  readonly baskets: readonly ArrayLike<number>[];
  /** Number of distinct items (largest index + 1). Computed from the baskets when omitted. */
  readonly itemCount?: number;
}

export interface FrequentItemsetOptions {
  /** Minimum support as a fraction of transactions, inclusive (support ≥ minSupport). */
  readonly minSupport: number;
  /** Largest itemset size to enumerate (≥ 1). Default: unbounded. */
  readonly maxLen?: number;
}

export interface FrequentItemsets {
  /** Number of transactions n. */
  readonly transactions: number;
  /** Smallest qualifying absolute count: max(1, ⌈minSupport·n − 1e-9⌉). */
  readonly minCount: number;
  /** Support count of every single item (index → count), frequent or not. */
  readonly itemCounts: Int32Array;
  /** Every frequent itemset (size 1..maxLen): items ascending by index, with its transaction count. */
  readonly itemsets: readonly FrequentItemset[];
}

export interface FrequentItemset {
  readonly items: Int32Array;
  readonly count: number;
}

/**
 * The integer count threshold equivalent to `support ≥ minSupport` for n transactions, immune to
 * floating-point noise in `minSupport·n` (e.g. 0.006 × 9835 = 59.01 → 60). Never below 1: itemsets
 * that occur in no transaction are not reported even with minSupport = 0.
 */
export function minCountFor(minSupport: number, n: number): number {
  if (!(minSupport > 0)) return 1;
  return Math.max(1, Math.ceil(minSupport * n - 1e-9));
}

/** Intersection of two ascending tid-lists into `out`; returns the number written. */
function intersect(a: Int32Array, b: Int32Array, out: Int32Array): number {
  let i = 0;
  let j = 0;
  let k = 0;
  const na = a.length;
  const nb = b.length;
  while (i < na && j < nb) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[k++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return k;
}

/**
 * All itemsets whose support (fraction of transactions containing every item) is ≥ `minSupport`,
 * up to `maxLen` items. n = 0 gives no itemsets.
 */
export function frequentItemsets(input: TransactionsInput, options: FrequentItemsetOptions): FrequentItemsets {
  const { baskets } = input;
  const n = baskets.length;
  const maxLen = options.maxLen ?? Number.POSITIVE_INFINITY;
  const minCount = minCountFor(options.minSupport, n);

  let itemCount = input.itemCount ?? 0;
  if (input.itemCount === undefined) {
    for (const b of baskets) for (let i = 0; i < b.length; i++) if (b[i]! + 1 > itemCount) itemCount = b[i]! + 1;
  }

  // Pass 1: per-item counts, each item counted once per basket (lastSeen marks the basket).
  const counts = new Int32Array(itemCount);
  const lastSeen = new Int32Array(itemCount).fill(-1);
  for (let t = 0; t < n; t++) {
    const b = baskets[t]!;
    for (let i = 0; i < b.length; i++) {
      const it = b[i]!;
      if (it < 0 || it >= itemCount) throw new RangeError(`item index ${it} outside [0, ${itemCount})`);
      if (lastSeen[it] !== t) {
        lastSeen[it] = t;
        counts[it]!++;
      }
    }
  }

  const itemsets: FrequentItemset[] = [];
  if (n === 0 || maxLen < 1) return { transactions: n, minCount, itemCounts: counts, itemsets };

  // Pass 2: tid-lists of frequent items only.
  const frequent: number[] = [];
  for (let it = 0; it < itemCount; it++) if (counts[it]! >= minCount) frequent.push(it);
  frequent.sort((a, b) => counts[a]! - counts[b]! || a - b); // ascending support
  const tids = new Map<number, Int32Array>();
  const fill = new Map<number, number>();
  for (const it of frequent) {
    tids.set(it, new Int32Array(counts[it]!));
    fill.set(it, 0);
  }
  lastSeen.fill(-1);
  for (let t = 0; t < n; t++) {
    const b = baskets[t]!;
    for (let i = 0; i < b.length; i++) {
      const it = b[i]!;
      const list = tids.get(it);
      if (list === undefined || lastSeen[it] === t) continue;
      lastSeen[it] = t;
      const k = fill.get(it)!;
      list[k] = t;
      fill.set(it, k + 1);
    }
  }

  // Depth-first (Eclat) enumeration. `prefix` holds the items of the current itemset.
  const prefix: number[] = [];
  const emit = (count: number): void => {
    const items = Int32Array.from(prefix);
    items.sort();
    itemsets.push({ items, count });
  };
  const recurse = (exts: readonly { item: number; tids: Int32Array }[]): void => {
    for (let i = 0; i < exts.length; i++) {
      const e = exts[i]!;
      prefix.push(e.item);
      emit(e.tids.length);
      if (prefix.length < maxLen && i + 1 < exts.length) {
        const next: { item: number; tids: Int32Array }[] = [];
        for (let j = i + 1; j < exts.length; j++) {
          const f = exts[j]!;
          const buf = new Int32Array(Math.min(e.tids.length, f.tids.length));
          const k = intersect(e.tids, f.tids, buf);
          if (k >= minCount) next.push({ item: f.item, tids: k === buf.length ? buf : buf.slice(0, k) });
        }
        if (next.length > 0) recurse(next);
      }
      prefix.pop();
    }
  };
  recurse(frequent.map((item) => ({ item, tids: tids.get(item)! })));

  return { transactions: n, minCount, itemCounts: counts, itemsets };
}
