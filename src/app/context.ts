// What every route needs: the current store, settings, the clock and the shared render cache.
import type { Clock } from '../core/clock.ts';
import { type CachePolicy, defaultCachePolicy } from '../http/cache-policy.ts';
import { createRenderCache, type RenderCache } from '../http/render-cache.ts';
import type { Compressor } from '../http/representation.ts';
import type { Store } from '../store/store.ts';
import type { Config } from './config.ts';
import type { MediaSource } from './media-source.ts';

export type LogEntry = Record<string, string | number | boolean | undefined>;
export type Logger = (entry: LogEntry) => void;

export interface AppOptions {
  /** The store, or a function returning the current one (swapped atomically when content changes). */
  store: Store | (() => Store);
  config: Config;
  clock: Clock;
  /** Node passes gzip/Brotli; Workers leaves it out and lets Cloudflare compress. */
  compress?: Compressor;
  log?: Logger;
  /** Where the media files beside the articles are read (app/media-source.ts). Without one, media URLs
   * answer 404, as in tests of feeds and pages. */
  media?: MediaSource;
}

export interface HeraldContext {
  currentStore(): Store;
  config: Config;
  clock: Clock;
  compress?: Compressor;
  media?: MediaSource;
  cache: RenderCache;
  log: Logger;
  /** Per request: whether its representation came from the render cache (request logs). */
  cacheHits: WeakMap<Request, boolean>;
  /** Defaults, then site.yaml `cache`, then environment variables. */
  policy(store: Store): CachePolicy;
  items(store: Store): number;
  hub(store: Store): string | undefined;
}

export function createContext(options: AppOptions): HeraldContext {
  const { store, config } = options;
  const currentStore = typeof store === 'function' ? store : () => store;
  const policies = new WeakMap<Store, CachePolicy>();
  return {
    currentStore,
    config,
    clock: options.clock,
    ...(options.compress ? { compress: options.compress } : {}),
    ...(options.media ? { media: options.media } : {}),
    cache: createRenderCache(config.cacheBudgetBytes),
    log: options.log ?? (() => {}),
    cacheHits: new WeakMap(),
    policy(s) {
      let policy = policies.get(s);
      if (!policy) {
        policy = { ...defaultCachePolicy, ...s.site.cache, ...config.cache };
        policies.set(s, policy);
      }
      return policy;
    },
    items: (s) => config.items ?? s.site.items,
    hub: (s) => config.hub ?? s.site.hub,
  };
}
