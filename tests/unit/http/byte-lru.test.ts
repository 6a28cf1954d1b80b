import { describe, expect, it } from 'vitest';
import { createByteLru } from '../../../src/http/byte-lru.ts';

function make(maxBytes: number) {
  const evicted: string[] = [];
  const lru = createByteLru<string, string>({ maxBytes, sizeOf: (v) => v.length, onEvict: (k) => evicted.push(k) });
  return { lru, evicted };
}

describe('createByteLru', () => {
  it('stores and counts entries and bytes', () => {
    const { lru } = make(10);
    expect(lru.set('a', 'xxx')).toBe(true);
    expect(lru.set('b', 'yy')).toBe(true);
    expect(lru.get('a')).toBe('xxx');
    expect(lru.get('missing')).toBeUndefined();
    expect(lru.size).toBe(2);
    expect(lru.bytes).toBe(5);
  });

  it('evicts least recently used first until it fits', () => {
    const { lru, evicted } = make(10);
    lru.set('a', 'aaaa');
    lru.set('b', 'bbbb');
    lru.set('c', 'cc');
    lru.set('d', 'dddddd'); // needs 6: a then b go
    expect(evicted).toEqual(['a', 'b']);
    expect([lru.has('a'), lru.has('b'), lru.has('c'), lru.has('d')]).toEqual([false, false, true, true]);
    expect(lru.bytes).toBe(8);
  });

  it('get refreshes recency; has does not', () => {
    const { lru, evicted } = make(6);
    lru.set('a', 'aa');
    lru.set('b', 'bb');
    lru.set('c', 'cc');
    expect(lru.get('a')).toBe('aa');
    expect(lru.has('b')).toBe(true);
    lru.set('d', 'dd');
    expect(evicted).toEqual(['b']);
    lru.set('e', 'ee');
    expect(evicted).toEqual(['b', 'c']);
    expect(lru.get('a')).toBe('aa');
  });

  it('does not store a value larger than maxBytes, and drops the old value for that key', () => {
    const { lru, evicted } = make(5);
    lru.set('a', 'aa');
    lru.set('b', 'bb');
    expect(lru.set('big', 'xxxxxx')).toBe(false);
    expect(lru.has('big')).toBe(false);
    expect(lru.size).toBe(2);
    expect(evicted).toEqual([]);
    expect(lru.set('a', 'aaaaaa')).toBe(false);
    expect(lru.has('a')).toBe(false);
    expect(lru.bytes).toBe(2);
    expect(lru.set('fits', 'xxxxx')).toBe(true); // exactly maxBytes is allowed
    expect(lru.bytes).toBe(5);
    expect(evicted).toEqual(['b']);
  });

  it('accounts bytes correctly when overwriting a key, which also refreshes recency', () => {
    const { lru, evicted } = make(10);
    lru.set('a', 'aaaa');
    lru.set('b', 'bbbb');
    lru.set('a', 'a');
    expect(lru.bytes).toBe(5);
    expect(lru.size).toBe(2);
    lru.set('a', 'aaaaaa');
    expect(lru.bytes).toBe(10);
    expect(evicted).toEqual([]);
    lru.set('c', 'c'); // b is now the LRU
    expect(evicted).toEqual(['b']);
    expect(lru.bytes).toBe(7);
    expect(lru.get('a')).toBe('aaaaaa');
  });

  it('delete and clear update accounting without calling onEvict', () => {
    const { lru, evicted } = make(10);
    lru.set('a', 'aaa');
    lru.set('b', 'bb');
    expect(lru.delete('a')).toBe(true);
    expect(lru.delete('a')).toBe(false);
    expect(lru.bytes).toBe(2);
    lru.clear();
    expect(lru.size).toBe(0);
    expect(lru.bytes).toBe(0);
    expect(evicted).toEqual([]);
    expect(lru.set('c', 'cccccccccc')).toBe(true);
  });

  it('supports zero-size values and maxBytes 0', () => {
    const { lru } = make(0);
    expect(lru.set('empty', '')).toBe(true);
    expect(lru.set('x', 'x')).toBe(false);
    expect(lru.size).toBe(1);
  });

  it('works with non-string keys', () => {
    const lru = createByteLru<object, Uint8Array>({ maxBytes: 8, sizeOf: (v) => v.byteLength });
    const k1 = {};
    const k2 = {};
    lru.set(k1, new Uint8Array(4));
    lru.set(k2, new Uint8Array(5));
    expect(lru.has(k1)).toBe(false);
    expect(lru.get(k2)?.byteLength).toBe(5);
  });

  it('rejects invalid sizes', () => {
    expect(() => createByteLru({ maxBytes: -1, sizeOf: () => 0 })).toThrow(RangeError);
    expect(() => createByteLru({ maxBytes: Number.NaN, sizeOf: () => 0 })).toThrow(RangeError);
    const lru = createByteLru<string, number>({ maxBytes: 10, sizeOf: (v) => v });
    expect(() => lru.set('a', -1)).toThrow(RangeError);
    expect(() => lru.set('a', Number.NaN)).toThrow(RangeError);
  });

  it('evicts in order of last use, as a list kept in that order does, under runs of gets of one key', () => {
    const evicted: number[] = [];
    const lru = createByteLru<number, number>({ maxBytes: 60, sizeOf: (v) => v, onEvict: (k) => evicted.push(k) });
    // The model: keys least recently used first, and their sizes.
    let order: number[] = [];
    const sizes = new Map<number, number>();
    const expected: number[] = [];
    const drop = (k: number) => {
      order = order.filter((x) => x !== k);
      sizes.delete(k);
    };
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let key = 0;
    for (let i = 0; i < 3000; i++) {
      // Half the time the same key again (a feed polled over and over), else any of ten.
      if (rand() < 0.5) key = Math.floor(rand() * 10);
      const op = rand();
      if (op < 0.6) {
        const size = sizes.get(key);
        if (size !== undefined) order = [...order.filter((x) => x !== key), key];
        expect(lru.get(key)).toBe(size);
      } else if (op < 0.7) {
        drop(key);
        lru.delete(key);
      } else {
        const size = Math.floor(rand() * 30);
        drop(key);
        expect(lru.set(key, size)).toBe(true);
        order.push(key);
        sizes.set(key, size);
        let total = [...sizes.values()].reduce((a, b) => a + b, 0);
        while (total > 60) {
          const oldest = order.shift() as number;
          total -= sizes.get(oldest) as number;
          sizes.delete(oldest);
          expected.push(oldest);
        }
      }
    }
    expect(expected.length).toBeGreaterThan(100);
    expect(evicted).toEqual(expected);
  });

  it('keeps bytes <= maxBytes under a random workload', () => {
    const lru = createByteLru<number, number>({ maxBytes: 100, sizeOf: (v) => v });
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 2000; i++) {
      const key = Math.floor(rand() * 30);
      if (rand() < 0.2) lru.delete(key);
      else if (rand() < 0.5) lru.get(key);
      else lru.set(key, Math.floor(rand() * 40));
      expect(lru.bytes).toBeLessThanOrEqual(100);
    }
    let sum = 0;
    for (let k = 0; k < 30; k++) sum += lru.get(k) ?? 0;
    expect(sum).toBe(lru.bytes);
  });
});
