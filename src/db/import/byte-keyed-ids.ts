/**
 * External id → internal id, looked up by the key's UTF-8 bytes where they lie in a record's buffer.
 * The direct load looks up a customer per order and a product per line; with a Map<string, number>
 * each lookup first made a string of the field's bytes, and a Map of 200,000 customers chased
 * pointers to keys spread over the heap (a profile of the wide shape: ≈ 0.4 s of 3.7 s of the load's
 * JS time on the customer lookup alone). Here keys sit in one byte arena and the table is an
 * Int32Array with open addressing (FNV-1a hash, linear probing), so a lookup makes no string.
 */
export class ByteKeyedIds {
  private readonly arena: Buffer;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly ids: Int32Array;
  /** Slot → entry index + 1 (0: empty). */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(map: ReadonlyMap<string, number>) {
    const n = map.size;
    let bytes = 0;
    for (const k of map.keys()) bytes += Buffer.byteLength(k);
    this.arena = Buffer.allocUnsafe(Math.max(1, bytes));
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.ids = new Int32Array(n);
    let size = 16;
    while (size < n * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    let at = 0;
    let e = 0;
    for (const [k, id] of map) {
      const len = this.arena.write(k, at, 'utf8');
      this.starts[e] = at;
      this.ends[e] = at + len;
      this.ids[e] = id;
      let slot = hash(this.arena, at, at + len) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = e + 1;
      at += len;
      e++;
    }
  }

  /** The id of the key whose UTF-8 bytes are `b[s, e)`, or undefined. */
  get(b: Uint8Array, s: number, e: number): number | undefined {
    const len = e - s;
    const arena = this.arena;
    let slot = hash(b, s, e) & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) return undefined;
      const as = this.starts[entry - 1]!;
      if (this.ends[entry - 1]! - as === len) {
        let i = 0;
        while (i < len && arena[as + i] === b[s + i]) i++;
        if (i === len) return this.ids[entry - 1];
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** The id of `key`, or undefined (for values the checks rewrote, which no longer lie in the record). */
  getText(key: string): number | undefined {
    const b = Buffer.from(key, 'utf8');
    return this.get(b, 0, b.length);
  }
}

function hash(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}
