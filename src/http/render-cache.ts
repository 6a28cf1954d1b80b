// Memoised representations under a byte budget: each (store version, route, page, visible set) is
// rendered once, concurrent first requests share one render, least recently used go first.
import { createByteLru } from './byte-lru.ts';
import type { Representation } from './representation.ts';

export interface RenderCache {
  get(key: string, build: () => Promise<Representation | undefined>): Promise<Representation | undefined>;
  /** Whether `key` is rendered already (for request logs); does not change recency. */
  has(key: string): boolean;
  readonly stats: {
    hits: number;
    misses: number;
    entries: number;
    bytes: number;
  };
}

export function createRenderCache(maxBytes: number): RenderCache {
  // Compressed variants are added later and are smaller than the body; count them up front.
  const lru = createByteLru<string, Representation>({
    maxBytes,
    sizeOf: (rep) => rep.identity.body.byteLength * 2,
  });
  const pending = new Map<string, Promise<Representation | undefined>>();
  let hits = 0;
  let misses = 0;
  return {
    get(key, build) {
      const cached = lru.get(key);
      if (cached) {
        hits++;
        return Promise.resolve(cached);
      }
      const inflight = pending.get(key);
      if (inflight) return inflight;
      misses++;
      const promise = build()
        .then((rep) => {
          if (rep) lru.set(key, rep);
          return rep;
        })
        .finally(() => pending.delete(key));
      pending.set(key, promise);
      return promise;
    },
    has: (key) => lru.has(key),
    get stats() {
      return { hits, misses, entries: lru.size, bytes: lru.bytes };
    },
  };
}
