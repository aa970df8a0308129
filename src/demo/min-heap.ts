/**
 * Binary min-heap of small integer ids keyed by a float, in typed arrays: the order generator keeps
 * every customer in it (keyed by when their next order is due) and pops about a million times.
 */
export class MinHeap {
  private readonly ids: Int32Array;
  private readonly keys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
  }

  push(id: number, key: number): void {
    let i = this.size++;
    const ids = this.ids;
    const keys = this.keys;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      ids[i] = ids[parent]!;
      keys[i] = keys[parent]!;
      i = parent;
    }
    ids[i] = id;
    keys[i] = key;
  }

  peekKey(): number {
    return this.size > 0 ? this.keys[0]! : Number.POSITIVE_INFINITY;
  }

  /** Removes the smallest entry; its key is left in `lastKey`. Returns -1 when empty. */
  lastKey = 0;
  pop(): number {
    if (this.size === 0) return -1;
    const ids = this.ids;
    const keys = this.keys;
    const top = ids[0]!;
    this.lastKey = keys[0]!;
    const n = --this.size;
    if (n > 0) {
      const id = ids[n]!;
      const key = keys[n]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && keys[r]! < keys[l]! ? r : l;
        if (keys[c]! >= key) break;
        ids[i] = ids[c]!;
        keys[i] = keys[c]!;
        i = c;
      }
      ids[i] = id;
      keys[i] = key;
    }
    return top;
  }
}
