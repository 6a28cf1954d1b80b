// Memoised representations under a byte budget: each (store version, route, page, visible set) is
// rendered once, concurrent first requests share one render, least recently used go first. It also
// remembers which request URL led to which entry, so the Node fast path can answer a repeat request
// without routing (see app/fast-path.ts).
import { createByteLru } from './byte-lru.ts';
import type { Representation } from './representation.ts';

export interface Remembered {
  key: string;
  version: string;
  hidden: number;
}

export interface RenderCache {
  get(key: string, build: () => Promise<Representation | undefined>): Promise<Representation | undefined>;
  /** Whether `key` is rendered already (for request logs); does not change recency. */
  has(key: string): boolean;
  /** Note that request `url` (absolute, canonical form only) was answered from entry `key`. */
  remember(url: string, key: string, version: string, hidden: number): void;
  /** The entry a URL was answered from, and that entry's representation if still cached. */
  recall(pathAndQuery: string): { entry: Remembered; rep: Representation } | undefined;
  readonly stats: { hits: number; misses: number; entries: number; bytes: number; urls: number };
}

// Only the canonical URL forms are remembered (no query, or exactly ?page=N), so cache busters and
// odd spellings cannot grow the table; it is capped all the same.
const CANONICAL_QUERY = /^(?:\?page=[1-9]\d{0,6})?$/;
const MAX_URLS = 10_000;

/** Whether a path is spelled the way Herald writes its links: each segment percent-encoded exactly as
 * encodeURIComponent does. The router decodes `/tags/%70olitics/` and `/tags/politics/` to the same
 * feed (RFC 3986 section 6.2.2.2: the same resource), but only the spelling Herald links to is worth
 * remembering: other spellings would each take a place in the table and evict real entries. */
function isCanonicalPath(pathname: string): boolean {
  try {
    return pathname.split('/').every((segment) => encodeURIComponent(decodeURIComponent(segment)) === segment);
  } catch {
    return false; // a malformed escape
  }
}

export function createRenderCache(maxBytes: number): RenderCache {
  // Compressed variants are added later and are smaller than the body; count them up front.
  const lru = createByteLru<string, Representation>({ maxBytes, sizeOf: (rep) => rep.identity.body.byteLength * 2 });
  const pending = new Map<string, Promise<Representation | undefined>>();
  const urls = new Map<string, Remembered>();
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
    remember(url, key, version, hidden) {
      const { pathname, search } = new URL(url);
      if (!CANONICAL_QUERY.test(search) || !isCanonicalPath(pathname)) return;
      const path = pathname + search;
      if (urls.get(path)?.key === key) return;
      urls.delete(path);
      if (urls.size >= MAX_URLS) urls.delete(urls.keys().next().value as string);
      urls.set(path, { key, version, hidden });
    },
    recall(pathAndQuery) {
      const entry = urls.get(pathAndQuery);
      if (!entry) return undefined;
      const rep = lru.get(entry.key);
      if (!rep) return undefined;
      hits++;
      return { entry, rep };
    },
    get stats() {
      return { hits, misses, entries: lru.size, bytes: lru.bytes, urls: urls.size };
    },
  };
}
