import { describe, expect, it } from 'vitest';
import { ByteKeyedIds } from '../../../src/db/import/byte-keyed-ids.js';

describe('ByteKeyedIds', () => {
  it('finds every key by its bytes inside a larger buffer, and nothing else', () => {
    const map = new Map<string, number>();
    for (let i = 0; i < 5000; i++) map.set(`C${i}`, i + 1);
    map.set('Müller & Söhne', 90001);
    map.set('', 90002);
    map.set('日本', 90003);
    const ids = new ByteKeyedIds(map);
    for (const [k, id] of map) {
      const buf = Buffer.from(`xx,${k},yy`);
      expect(ids.get(buf, 3, 3 + Buffer.byteLength(k))).toBe(id);
      expect(ids.getText(k)).toBe(id);
    }
    // Prefixes, extensions and near misses of stored keys are not keys.
    for (const k of ['C', 'C50000', 'C1 ', ' C1', 'c1', 'Müller', '日', 'X']) expect(ids.getText(k)).toBeUndefined();
  });

  it('holds an empty map', () => {
    const ids = new ByteKeyedIds(new Map());
    expect(ids.getText('C1')).toBeUndefined();
    expect(ids.getText('')).toBeUndefined();
  });
});
