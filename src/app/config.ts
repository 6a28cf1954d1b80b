// Runtime settings from environment variables (Node) or Workers vars, validated once with valibot.
// Read by the entry points and passed to createApp; nothing here reads the environment itself.
import * as v from 'valibot';
import { absoluteUrl } from '../content/schema.ts';
import type { CachePolicy } from '../http/cache-policy.ts';

const count = (what: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^\d+$/, `must be a whole number (${what})`),
    v.transform(Number),
    v.minValue(min, `must be at least ${min} (${what})`),
    v.maxValue(max, `must be at most ${max} (${what})`),
  );

const url = absoluteUrl;

export const EnvSchema = v.object({
  SITE_URL: v.optional(url),
  FEED_ITEMS: v.optional(count('items per feed document', 1, 1000)),
  FEED_MAX_BYTES: v.optional(count('bytes per feed document', 10_000, 50_000_000)),
  CACHE_MAX_AGE: v.optional(count('seconds', 0, 31536000)),
  CACHE_S_MAXAGE: v.optional(count('seconds', 0, 31536000)),
  CACHE_STALE_WHILE_REVALIDATE: v.optional(count('seconds', 0, 31536000)),
  CACHE_STALE_IF_ERROR: v.optional(count('seconds', 0, 31536000)),
  CACHE_BUDGET_BYTES: v.optional(count('bytes of rendered feeds kept in memory', 1_000_000, 4_000_000_000)),
  HUB_URL: v.optional(url),
  LOG_REQUESTS: v.optional(v.picklist(['0', '1', 'true', 'false'], 'must be 1 or 0')),
});

export interface Config {
  siteUrl?: string;
  items?: number;
  maxFeedBytes: number;
  cache: Partial<CachePolicy>;
  cacheBudgetBytes: number;
  hub?: string;
  logRequests: boolean;
}

export const defaultConfig: Config = {
  // About 1 MB: readers reject multi-megabyte feeds (FeedBurner capped at 512 KB).
  maxFeedBytes: 1_000_000,
  cache: {},
  // 64 MB of rendered documents: thousands of feed pages, well inside a Worker's 128 MB.
  cacheBudgetBytes: 64_000_000,
  logRequests: false,
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** The settings `env` gives, as parseConfig reads them: known names only, empty strings unset. */
function settingsOf(env: Record<string, unknown>): [string, string][] {
  return Object.keys(EnvSchema.entries)
    .filter((k) => typeof env[k] === 'string' && (env[k] as string).trim() !== '')
    .map((k) => [k, env[k] as string]);
}

/** Parses environment-style settings; empty strings count as unset. */
export function parseConfig(env: Record<string, unknown>): ConfigResult {
  const settings = settingsOf(env);
  // Nothing set (a Worker without vars, usually): the defaults, without the schema's first run, which
  // costs a fresh Workers isolate more CPU than the rest of its first request.
  if (settings.length === 0) return { ok: true, config: { ...defaultConfig, cache: {} } };
  const input = Object.fromEntries(settings);
  const result = v.safeParse(EnvSchema, input);
  if (!result.success) {
    return {
      ok: false,
      problems: result.issues.map((i) => `[config] ${i.path?.map((p) => String(p.key)).join('.')}: ${i.message}`),
    };
  }
  const e = result.output;
  const cache: Partial<CachePolicy> = {};
  if (e.CACHE_MAX_AGE !== undefined) cache.maxAge = e.CACHE_MAX_AGE;
  if (e.CACHE_S_MAXAGE !== undefined) cache.sMaxAge = e.CACHE_S_MAXAGE;
  if (e.CACHE_STALE_WHILE_REVALIDATE !== undefined) cache.staleWhileRevalidate = e.CACHE_STALE_WHILE_REVALIDATE;
  if (e.CACHE_STALE_IF_ERROR !== undefined) cache.staleIfError = e.CACHE_STALE_IF_ERROR;
  return {
    ok: true,
    config: {
      ...defaultConfig,
      ...(e.SITE_URL ? { siteUrl: e.SITE_URL } : {}),
      ...(e.FEED_ITEMS ? { items: e.FEED_ITEMS } : {}),
      ...(e.FEED_MAX_BYTES ? { maxFeedBytes: e.FEED_MAX_BYTES } : {}),
      ...(e.CACHE_BUDGET_BYTES ? { cacheBudgetBytes: e.CACHE_BUDGET_BYTES } : {}),
      ...(e.HUB_URL ? { hub: e.HUB_URL } : {}),
      cache,
      logRequests: e.LOG_REQUESTS === '1' || e.LOG_REQUESTS === 'true',
    },
  };
}

/** The settings `env` gives, unparsed, as one comparable string. Documents rendered at build time
 * (Workers static assets) are served only to a Worker whose settings read the same: comparing the raw
 * values spares a fresh isolate's first request the schema validation (~20 ms of CPU when cold), and
 * equal input parses to equal settings. */
export function settingsKey(env: Record<string, unknown>): string {
  return JSON.stringify(settingsOf(env));
}
