// Owns a byte-bounded least-recently-used cache (e.g. for rendered feed bodies), O(1) per operation.

export interface ByteLru<K, V> {
  /** Returns the value and marks it most recently used. */
  get(key: K): V | undefined;
  /** Presence check that does not affect recency. */
  has(key: K): boolean;
  /** Stores and marks most recently used, evicting LRU entries to fit; false when the value alone exceeds maxBytes. */
  set(key: K, value: V): boolean;
  delete(key: K): boolean;
  clear(): void;
  /** Number of entries. */
  readonly size: number;
  /** Sum of sizeOf over stored values. */
  readonly bytes: number;
}

/**
 * A Map iterates in insertion order, so re-inserting on access keeps the least recently used entry
 * first: eviction is `keys().next()`. onEvict fires only for capacity evictions, not for delete/clear,
 * overwrites, or the old value dropped by an oversize set (which returns false instead).
 */
export function createByteLru<K, V>(opts: {
  maxBytes: number;
  sizeOf: (value: V) => number;
  onEvict?: (key: K) => void;
}): ByteLru<K, V> {
  const { maxBytes, sizeOf, onEvict } = opts;
  if (!(maxBytes >= 0) || !Number.isFinite(maxBytes))
    throw new RangeError(`maxBytes must be a finite number >= 0, got ${maxBytes}`);
  const entries = new Map<K, { value: V; size: number }>();
  let bytes = 0;
  // The key last set or got, which is last in `entries` already: a run of gets of one key (a feed polled
  // over and over) then moves nothing, since a Map delete and set per poll showed in the fast path's cost.
  let newest: K | undefined;

  const remove = (key: K): boolean => {
    const entry = entries.get(key);
    if (!entry) return false;
    entries.delete(key);
    if (key === newest) newest = undefined;
    bytes -= entry.size;
    return true;
  };

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (key !== newest) {
        entries.delete(key);
        entries.set(key, entry);
        newest = key;
      }
      return entry.value;
    },
    has: (key) => entries.has(key),
    set(key, value) {
      const size = sizeOf(value);
      if (!(size >= 0) || !Number.isFinite(size))
        throw new RangeError(`sizeOf must return a finite number >= 0, got ${size}`);
      remove(key);
      if (size > maxBytes) return false;
      entries.set(key, { value, size });
      newest = key;
      bytes += size;
      // The new entry is last and fits on its own, so the loop stops before reaching it.
      while (bytes > maxBytes) {
        const oldest = entries.keys().next().value as K;
        remove(oldest);
        onEvict?.(oldest);
      }
      return true;
    },
    delete: remove,
    clear() {
      entries.clear();
      newest = undefined;
      bytes = 0;
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
