/**
 * Cross-sell suggestions from association rules: for a customer's set of bought products, the
 * consequents of rules whose whole antecedent the customer bought and whose consequent they have not.
 *
 * At scale (a million customers, hundreds of rules) the work is shared: {@link CrossSellMatcher} sorts
 * and indexes the rules once, and {@link crossSellCandidates} evaluates each distinct set of bought rule
 * products once (many customers share one), builds suggestion objects only for the customers a
 * capped list can show, and leaves their final order by portal id to {@link listCrossSell}.
 *
 * @module
 */
import type { AssociationRule } from './association-rules.js';
import { compareIds, type EntityId } from './ids.js';

/** The rule fields cross-sell needs (an {@link AssociationRule} fits). */
export type CrossSellRule = Pick<AssociationRule, 'antecedent' | 'consequent' | 'support' | 'confidence' | 'lift'>;

export interface CrossSellSuggestion {
  productId: number;
  /** confidence × lift of the best rule for this product. */
  score: number;
  confidence: number;
  lift: number;
  support: number;
  /** The antecedent of the best rule (products the customer bought that lead here). */
  because: number[];
}

/**
 * Order of suggestions: score desc, then confidence desc, then support desc, then shorter antecedent,
 * then productId asc. The same order picks the best rule per product (the earlier rule on a full tie).
 */
function compareSuggestions(a: CrossSellSuggestion, b: CrossSellSuggestion): number {
  return (
    b.score - a.score ||
    b.confidence - a.confidence ||
    b.support - a.support ||
    a.because.length - b.because.length ||
    a.productId - b.productId
  );
}

/**
 * Rules prepared for matching many baskets. The rules are sorted once into suggestion order (see
 * `compareSuggestions`, stable, so a full tie keeps the given order): the best rule for a product is
 * then the first that applies, and a basket's suggestions are its applicable rules in that order, one
 * per product. Each rule is indexed under the first item of its antecedent, so a basket only looks at
 * rules starting from something it holds and checks the rest of the antecedent.
 *
 * Items are non-negative integers (dense item indices); items of a basket that no rule names are
 * ignored. Results depend on the arguments only; the instance keeps scratch arrays, so do not share it
 * between concurrent callers (JavaScript runs one at a time anyway).
 */
export class CrossSellMatcher {
  /** Rules in suggestion order, as suggestions without the product check. */
  private readonly ranked: CrossSellSuggestion[];
  private readonly consequent: Int32Array;
  /** Antecedent items of rank r: `antecedentItems[antecedentStart[r] .. antecedentStart[r + 1])`. */
  private readonly antecedentStart: Int32Array;
  private readonly antecedentItems: Int32Array;
  /** Ranks of the rules by first antecedent item, ascending. */
  private readonly byItem: Int32Array[];
  /** Ranks of rules with an empty antecedent (they apply to every basket). */
  private readonly unconditional: Int32Array;
  /** Per rank, the position of its score among the distinct scores (descending). */
  private readonly groupOf: Int32Array;
  /** Scratch: items of the current basket, and consequents already suggested. */
  private readonly inBasket: Uint8Array;
  private readonly suggested: Uint8Array;
  /** Every item some rule names, ascending. */
  readonly items: readonly number[];
  /** One past the largest item a rule names. */
  readonly itemLimit: number;

  constructor(rules: readonly CrossSellRule[]) {
    const usable = rules.filter((r) => r.consequent[0] !== undefined);
    this.ranked = usable
      .map(
        (r): CrossSellSuggestion => ({
          productId: r.consequent[0]!,
          score: r.confidence * r.lift,
          confidence: r.confidence,
          lift: r.lift,
          support: r.support,
          because: [...r.antecedent],
        }),
      )
      .sort(compareSuggestions);
    const n = this.ranked.length;
    const named = new Set<number>();
    for (const s of this.ranked) for (const x of [s.productId, ...s.because]) named.add(x);
    this.items = [...named].sort((a, b) => a - b);
    this.itemLimit = this.items.length === 0 ? 0 : this.items[this.items.length - 1]! + 1;
    this.consequent = Int32Array.from(this.ranked, (s) => s.productId);
    this.antecedentStart = new Int32Array(n + 1);
    this.ranked.forEach((s, r) => (this.antecedentStart[r + 1] = this.antecedentStart[r]! + s.because.length));
    this.antecedentItems = Int32Array.from(this.ranked.flatMap((s) => s.because));
    const lists: number[][] = Array.from({ length: this.itemLimit }, () => []);
    const unconditional: number[] = [];
    this.ranked.forEach((s, r) => (s.because.length === 0 ? unconditional : lists[s.because[0]!]!).push(r));
    this.byItem = lists.map((l) => Int32Array.from(l));
    this.unconditional = Int32Array.from(unconditional);
    this.groupOf = new Int32Array(n);
    for (let r = 1; r < n; r++) this.groupOf[r] = this.groupOf[r - 1]! + (this.ranked[r]!.score === this.ranked[r - 1]!.score ? 0 : 1);
    this.inBasket = new Uint8Array(this.itemLimit);
    this.suggested = new Uint8Array(this.itemLimit);
  }

  /** Number of distinct rule scores: best-score groups are `0 .. scoreGroups − 1`, best first. */
  get scoreGroups(): number {
    return this.ranked.length === 0 ? 0 : this.groupOf[this.ranked.length - 1]! + 1;
  }

  /** The score group (see {@link scoreGroups}) of the rule of rank `rank`. */
  scoreGroup(rank: number): number {
    return this.groupOf[rank]!;
  }

  /**
   * Rank of the best rule that applies to `bought` (its first suggestion), −1 when none does.
   * Allocates nothing: for telling apart the many baskets that get no place on a list.
   */
  bestRank(bought: ArrayLike<number>): number {
    this.mark(bought, 1);
    let best = this.unconditional.length > 0 ? this.firstApplicable(this.unconditional, Infinity) : -1;
    for (let i = 0; i < bought.length; i++) {
      const x = bought[i]!;
      if (x < 0 || x >= this.itemLimit) continue;
      const r = this.firstApplicable(this.byItem[x]!, best < 0 ? Infinity : best);
      if (r >= 0) best = r;
    }
    this.mark(bought, 0);
    return best;
  }

  /** Suggestions for `bought`, one per product (its best rule), best first; `limit` 0 = all. */
  suggest(bought: ArrayLike<number>, limit = 0): CrossSellSuggestion[] {
    this.mark(bought, 1);
    const ranks: number[] = [];
    const collect = (list: Int32Array): void => {
      for (let k = 0; k < list.length; k++) if (this.applies(list[k]!)) ranks.push(list[k]!);
    };
    collect(this.unconditional);
    for (let i = 0; i < bought.length; i++) {
      const x = bought[i]!;
      // A repeated item is marked already; its rules are collected once, by the flag below.
      if (x >= 0 && x < this.itemLimit && this.inBasket[x] === 1) {
        this.inBasket[x] = 2;
        collect(this.byItem[x]!);
      }
    }
    this.mark(bought, 0);
    ranks.sort((a, b) => a - b);
    const out: CrossSellSuggestion[] = [];
    for (const r of ranks) {
      const y = this.consequent[r]!;
      if (this.suggested[y] === 1) continue;
      this.suggested[y] = 1;
      const s = this.ranked[r]!;
      out.push({ ...s, because: [...s.because] });
      if (limit > 0 && out.length === limit) break;
    }
    for (const s of out) this.suggested[s.productId] = 0;
    return out;
  }

  /** First rank in `list` (ascending) below `below` whose rule applies to the marked basket, else −1. */
  private firstApplicable(list: Int32Array, below: number): number {
    for (let k = 0; k < list.length && list[k]! < below; k++) if (this.applies(list[k]!)) return list[k]!;
    return -1;
  }

  /** The marked basket holds the whole antecedent of rank `r` and not its consequent. */
  private applies(r: number): boolean {
    if (this.inBasket[this.consequent[r]!] !== 0) return false;
    for (let k = this.antecedentStart[r]!; k < this.antecedentStart[r + 1]!; k++) if (this.inBasket[this.antecedentItems[k]!] === 0) return false;
    return true;
  }

  private mark(bought: ArrayLike<number>, value: 0 | 1): void {
    for (let i = 0; i < bought.length; i++) {
      const x = bought[i]!;
      if (x >= 0 && x < this.itemLimit) this.inBasket[x] = value;
    }
  }
}

/**
 * Suggestions for one customer, one per product (the best rule), ranked by confidence × lift.
 * Empty `bought` or no matching rule → []. `limit` 0 (default) = all.
 */
export function crossSellFor(bought: Iterable<number>, rules: readonly CrossSellRule[], limit = 0): CrossSellSuggestion[] {
  return new CrossSellMatcher(rules).suggest([...bought], limit);
}

/** What the SQL layer gives per customer: the products they bought (in the window) and their salesman. */
export interface CustomerBasketRow {
  customerId: EntityId;
  /** Owning salesman; `null` groups the customer under "unassigned". */
  salesmanId: EntityId | null;
  /** Distinct products the customer has bought. */
  productIds: ArrayLike<number>;
}

export interface SalesmanCrossSell {
  salesmanId: EntityId | null;
  customers: { customerId: EntityId; suggestions: CrossSellSuggestion[] }[];
}

/** Salesmen by id asc, `null` (unassigned) last. */
function compareSalesmen(a: EntityId | null, b: EntityId | null): number {
  return a === null ? (b === null ? 0 : 1) : b === null ? -1 : compareIds(a, b);
}

/** Customers by best score desc, then id asc. */
function compareCustomers(a: { suggestions: CrossSellSuggestion[] }, aId: EntityId, b: { suggestions: CrossSellSuggestion[] }, bId: EntityId): number {
  return b.suggestions[0]!.score - a.suggestions[0]!.score || compareIds(aId, bId);
}

/**
 * Suggestions for many customers grouped per salesman (for DMs). Customers without suggestions are
 * left out; within a salesman, customers are ordered by their best score desc (then customerId asc);
 * salesmen by id asc with `null` (unassigned) last. Customers with the same set of bought products
 * share one evaluation.
 */
export function crossSellBySalesman(
  customers: readonly CustomerBasketRow[],
  rules: readonly CrossSellRule[],
  perCustomerLimit = 3,
): SalesmanCrossSell[] {
  const matcher = new CrossSellMatcher(rules);
  const memo = new Map<string, CrossSellSuggestion[]>();
  const groups = new Map<EntityId | null, { customerId: EntityId; suggestions: CrossSellSuggestion[] }[]>();
  for (const c of customers) {
    const items = [...new Set(Array.from(c.productIds))].sort((a, b) => a - b);
    const key = items.join(',');
    let suggestions = memo.get(key);
    if (suggestions === undefined) memo.set(key, (suggestions = matcher.suggest(items, perCustomerLimit)));
    if (suggestions.length === 0) continue;
    let g = groups.get(c.salesmanId);
    if (g === undefined) groups.set(c.salesmanId, (g = []));
    g.push({ customerId: c.customerId, suggestions: suggestions.map((s) => ({ ...s, because: [...s.because] })) });
  }
  const out: SalesmanCrossSell[] = [];
  for (const [salesmanId, list] of groups) {
    list.sort((a, b) => compareCustomers(a, a.customerId, b, b.customerId));
    out.push({ salesmanId, customers: list });
  }
  return out.sort((a, b) => compareSalesmen(a.salesmanId, b.salesmanId));
}

/** The customers (non-negative integer ids) who bought one item. */
export interface ItemBuyers {
  item: number;
  customers: ArrayLike<number>;
}

/** One salesman's customers (non-negative integer ids); `salesmanId` null = customers without one. */
export interface OwnedCustomers<S> {
  salesmanId: S;
  customers: ArrayLike<number>;
}

export interface CrossSellCandidate {
  customerId: number;
  /** Best first, at most `perCustomer`; customers with the same bought set share this array. */
  suggestions: CrossSellSuggestion[];
}

export interface SalesmanCandidates<S> {
  salesmanId: S;
  /** Customers of this salesman with at least one suggestion. */
  customerCount: number;
  /**
   * Those who can make a list capped at `limit`, in no particular order: everyone whose best score is
   * above the `limit`-th best, plus everyone tied with it (their portal ids decide, see
   * {@link listCrossSell}); everyone with a suggestion when `limit` is 0.
   */
  candidates: CrossSellCandidate[];
}

/**
 * Cross-sell for many customers, from who bought what (`buyers`: per item, its customers) and who owns
 * whom (`owners`: each customer once), down to what a per-salesman list capped at `limit` customers can
 * show. Customers are those of `owners` (buyers of anyone else are ignored; a customer who bought no
 * rule item gets nothing, as mined rules always have an antecedent); salesmen with no customer to
 * suggest anything to are left out; the others keep the order of `owners`. Same results as
 * {@link crossSellBySalesman} before its final sort and cut.
 *
 * Customers are grouped by their set of bought rule items (a bit set), and each distinct set is
 * evaluated once ({@link CrossSellMatcher.bestRank}); suggestion objects are built only for the sets of
 * candidates. Per salesman, a count of customers per score group finds the cut in two sequential
 * passes, so nothing is sorted by customer. Memory: per owned customer one 32-bit word per 32 rule
 * items and one basket number, plus an id → row array (4 bytes per id up to the largest) or Map.
 */
export function crossSellCandidates<S>(
  buyers: readonly ItemBuyers[],
  owners: readonly OwnedCustomers<S>[],
  rules: readonly CrossSellRule[],
  opts: { perCustomer: number; limit: number },
): SalesmanCandidates<S>[] {
  const matcher = new CrossSellMatcher(rules);
  // Bit position of each rule item; items no rule names play no part.
  const bitOf = new Int32Array(matcher.itemLimit).fill(-1);
  matcher.items.forEach((x, i) => (bitOf[x] = i));
  const words = Math.max(1, Math.ceil(matcher.items.length / 32));
  const named = buyers.filter((b) => b.item >= 0 && b.item < matcher.itemLimit && bitOf[b.item]! >= 0);

  // Row r of a bit matrix holds the rule items customer r bought: a customer's row is their id when
  // ids are dense enough, else their number in `owners` order (see rowIndex).
  let owned = 0;
  let maxId = -1;
  for (const o of owners) {
    owned += o.customers.length;
    for (let i = 0; i < o.customers.length; i++) if (o.customers[i]! > maxId) maxId = o.customers[i]!;
  }
  const { rows, rowOf } = rowIndex(owners, maxId, owned);
  const bits = new Uint32Array(rows * words);
  for (const b of named) {
    const word = bitOf[b.item]! >>> 5;
    const mask = 1 << (bitOf[b.item]! & 31);
    for (let i = 0; i < b.customers.length; i++) {
      const r = rowOf(b.customers[i]!);
      if (r >= 0) bits[r * words + word]! |= mask;
    }
  }

  // Distinct bit sets ("baskets"), each evaluated once: the score group of its best rule.
  const baskets = equalRows(bits, words, rows);
  const itemsOf = (basket: number): number[] => {
    const row = baskets.firstRow[basket]! * words;
    const out: number[] = [];
    for (let w = 0; w < words; w++) {
      for (let v = bits[row + w]!; v !== 0; v &= v - 1) out.push(matcher.items[w * 32 + 31 - Math.clz32(v & -v)]!);
    }
    return out;
  };
  const basketGroup = Int32Array.from(baskets.firstRow, (_, k) => {
    const r = matcher.bestRank(itemsOf(k));
    return r < 0 ? -1 : matcher.scoreGroup(r);
  });
  const groupOfRow = (r: number): number => {
    const k = r < 0 ? -1 : baskets.rowClass[r]!;
    return k < 0 ? -1 : basketGroup[k]!;
  };

  const suggestionsOf = new Map<number, CrossSellSuggestion[]>();
  const out: SalesmanCandidates<S>[] = [];
  const perGroup = new Int32Array(matcher.scoreGroups);
  for (const o of owners) {
    perGroup.fill(0);
    let count = 0;
    for (let i = 0; i < o.customers.length; i++) {
      const g = groupOfRow(rowOf(o.customers[i]!));
      if (g >= 0) {
        perGroup[g]!++;
        count++;
      }
    }
    if (count === 0) continue;
    // The last score group a capped list reaches: everyone in it is a candidate.
    let cut = perGroup.length - 1;
    if (opts.limit > 0) {
      let reached = 0;
      for (let g = 0; g < perGroup.length; g++) {
        reached += perGroup[g]!;
        if (reached >= opts.limit) {
          cut = g;
          break;
        }
      }
    }
    const candidates: CrossSellCandidate[] = [];
    for (let i = 0; i < o.customers.length; i++) {
      const r = rowOf(o.customers[i]!);
      const g = groupOfRow(r);
      if (g < 0 || g > cut) continue;
      const basket = baskets.rowClass[r]!;
      let suggestions = suggestionsOf.get(basket);
      if (suggestions === undefined) suggestionsOf.set(basket, (suggestions = matcher.suggest(itemsOf(basket), opts.perCustomer)));
      candidates.push({ customerId: o.customers[i]!, suggestions });
    }
    out.push({ salesmanId: o.salesmanId, customerCount: count, candidates });
  }
  return out;
}

/**
 * Rows of the bit matrix for the customers of `owners` (`count` of them, ids up to `maxId`), −1 for any
 * other id. Ids are their own row unless they are very sparse (the largest above 256 × the count):
 * nothing to look up, buyers map straight onto rows, and a few bytes per id (8 MB per word of rule items
 * at 2M ids) beat a Map entry per customer and a Map probe per purchase (a region's 480k customers:
 * 0.6 s more CPU). Very sparse ids (a customer filter) are numbered in `owners` order through a Map, so
 * memory follows the customers, not the largest id.
 */
function rowIndex(owners: readonly OwnedCustomers<unknown>[], maxId: number, count: number): { rows: number; rowOf: (id: number) => number } {
  if (maxId < 256 * count) return { rows: maxId + 1, rowOf: (id) => (id >= 0 && id <= maxId ? id : -1) };
  const byId = new Map<number, number>();
  for (const o of owners) for (let i = 0; i < o.customers.length; i++) if (!byId.has(o.customers[i]!)) byId.set(o.customers[i]!, byId.size);
  return { rows: byId.size, rowOf: (id) => byId.get(id) ?? -1 };
}

/**
 * The classes of equal non-empty rows of a row-major bit matrix (`words` 32-bit words per row, `rows`
 * rows): per row its class (−1 for a row of zeros), per class its first row. Open addressing on a hash
 * of the words, so no key objects are made per row.
 */
function equalRows(bits: Uint32Array, words: number, rows: number): { rowClass: Int32Array; firstRow: number[] } {
  const rowClass = new Int32Array(rows);
  const firstRow: number[] = [];
  const hash = (row: number): number => {
    let h = 0x811c9dc5;
    for (let w = row * words; w < (row + 1) * words; w++) h = Math.imul(h ^ bits[w]!, 0x01000193);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    return (h ^ (h >>> 13)) >>> 0;
  };
  const empty = (row: number): boolean => {
    for (let w = row * words; w < (row + 1) * words; w++) if (bits[w] !== 0) return false;
    return true;
  };
  const same = (a: number, b: number): boolean => {
    for (let w = 0; w < words; w++) if (bits[a * words + w] !== bits[b * words + w]) return false;
    return true;
  };
  // Slots hold class + 1 (0 = empty); kept at most half full.
  const rehash = (size: number): Int32Array => {
    const t = new Int32Array(size);
    firstRow.forEach((r, k) => {
      let at = hash(r) & (size - 1);
      while (t[at] !== 0) at = (at + 1) & (size - 1);
      t[at] = k + 1;
    });
    return t;
  };
  let table: Int32Array = new Int32Array(1024);
  for (let row = 0; row < rows; row++) {
    if (empty(row)) {
      rowClass[row] = -1;
      continue;
    }
    let at = hash(row) & (table.length - 1);
    while (table[at] !== 0 && !same(firstRow[table[at]! - 1]!, row)) at = (at + 1) & (table.length - 1);
    let k = table[at]! - 1;
    if (k < 0) {
      k = firstRow.push(row) - 1;
      table[at] = k + 1;
      if (firstRow.length * 2 > table.length) table = rehash(table.length * 2);
    }
    rowClass[row] = k;
  }
  return { rowClass, firstRow };
}

/** A salesman's cross-sell list: customers best first, capped. */
export interface SalesmanList<S> {
  salesmanId: S;
  customerCount: number;
  customers: CrossSellCandidate[];
}

/**
 * The lists from {@link crossSellCandidates} in their final order, given the portal ids: customers by
 * best score desc, then portal id asc ({@link compareIds}), cut to `limit` (0 = all); salesmen by
 * portal id asc, those without one (`null`) last.
 */
export function listCrossSell<S>(
  groups: readonly SalesmanCandidates<S>[],
  limit: number,
  ids: { customer(customerId: number): EntityId; salesman(salesmanId: S): EntityId | null },
): SalesmanList<S>[] {
  return groups
    .map((g) => {
      const keyed = g.candidates.map((c) => ({ c, id: ids.customer(c.customerId) }));
      keyed.sort((a, b) => compareCustomers(a.c, a.id, b.c, b.id));
      const customers = (limit > 0 ? keyed.slice(0, limit) : keyed).map((k) => k.c);
      return { salesmanId: g.salesmanId, customerCount: g.customerCount, customers, key: ids.salesman(g.salesmanId) };
    })
    .sort((a, b) => compareSalesmen(a.key, b.key))
    .map(({ key: _key, ...list }) => list);
}
