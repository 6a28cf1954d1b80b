// Owns the Cache-Control policy for feed responses (RFC 9111 §5.2.2, RFC 5861) and its config parsing.

export interface CachePolicy {
  maxAge: number;
  sMaxAge: number;
  staleWhileRevalidate: number;
  staleIfError: number;
}

/**
 * News-feed defaults. Readers poll every 15-60 minutes, so 5 minutes of browser/client freshness (max-age)
 * costs them nothing noticeable while absorbing refresh storms. Shared caches (CDNs, s-maxage, RFC 9111
 * §5.2.2.10) keep it 10 minutes because they shield the origin for everyone and scheduled go-lives cap it
 * anyway (see cacheControl). One minute of stale-while-revalidate (RFC 5861 §3) hides revalidation latency;
 * a day of stale-if-error (RFC 5861 §4) keeps feeds up through an origin outage, since a day-old feed beats
 * an error for a feed reader.
 */
export const defaultCachePolicy: CachePolicy = Object.freeze({
  maxAge: 300,
  sMaxAge: 600,
  staleWhileRevalidate: 60,
  staleIfError: 86400,
});

/** One year: the conventional "forever" (RFC 8246 §2 example; RFC 2616 §14.21 capped Expires there). */
const ONE_YEAR = 31536000;

/**
 * The seconds to the next go-live, as far as they shape Cache-Control: the header is a function of this
 * number and the policy alone, so a caller may keep a header for as long as it stays the same. A go-live
 * further away than the longest lifetime plus stale-while-revalidate changes nothing, so the count stops
 * there (and is that when there is no go-live ahead).
 */
export function goLiveCap(policy: CachePolicy, now: number, nextChange: number | undefined): number {
  const unbounded = Math.max(policy.maxAge, policy.sMaxAge) + policy.staleWhileRevalidate;
  if (nextChange === undefined) return unbounded;
  // max-age is delta-seconds (RFC 9111 §1.2.2), so round up: at most <1s late, and never a max-age=0
  // thrash in the final second before go-live.
  return Math.min(unbounded, Math.max(0, Math.ceil((nextChange - now) / 1000)));
}

export function cacheControl(
  policy: CachePolicy,
  opts: { now: number; nextChange?: number; immutable?: boolean },
): { header: string; maxAge: number } {
  const sie = policy.staleIfError > 0 ? `, stale-if-error=${policy.staleIfError}` : '';
  if (opts.immutable) {
    // A complete RFC 5005 archive page never changes, so it may be fresh for a year, and `immutable`
    // (RFC 8246) tells browsers not to revalidate it even on reload. nextChange cannot affect it.
    return {
      header: `public, max-age=${ONE_YEAR}, immutable${sie}`,
      maxAge: ONE_YEAR,
    };
  }
  // The feed changes when the next scheduled article goes live, so no cache may consider it fresh past
  // that moment: both lifetimes end by then.
  const cap = goLiveCap(policy, opts.now, opts.nextChange);
  const maxAge = Math.min(policy.maxAge, cap);
  const sMaxAge = Math.min(policy.sMaxAge, cap);
  // A cache may serve stale-while-revalidate copies for swr seconds *after* its freshness lifetime ends
  // (RFC 5861 §3), so the window must end by go-live too: lifetime + swr <= cap for both the private
  // (max-age) and shared (s-maxage, RFC 9111 §5.2.2.10) lifetimes. stale-if-error is left alone: it only
  // applies when the origin is failing, and an old feed beats an error.
  const swr = Math.min(policy.staleWhileRevalidate, cap - Math.max(maxAge, sMaxAge));
  const swrPart = swr > 0 ? `, stale-while-revalidate=${swr}` : '';
  return {
    header: `public, max-age=${maxAge}, s-maxage=${sMaxAge}${swrPart}${sie}`,
    maxAge,
  };
}

const KEYS = ['maxAge', 'sMaxAge', 'staleWhileRevalidate', 'staleIfError'] as const;

function toSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= ONE_YEAR ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    const n = Number(value);
    return n <= ONE_YEAR ? n : undefined;
  }
  return undefined;
}

/**
 * Applies partial overrides (numbers or digit strings, whole seconds 0..31536000) over the defaults.
 * Bad values keep the default and are reported; unknown keys are reported so typos such as "max-age"
 * do not pass silently.
 */
export function parseCachePolicy(input: Record<string, unknown>): {
  policy: CachePolicy;
  problems: string[];
} {
  const policy: CachePolicy = { ...defaultCachePolicy };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      problems.push(`cache.${key}: unknown setting (expected one of ${KEYS.join(', ')})`);
      continue;
    }
    if (value === undefined) continue;
    const seconds = toSeconds(value);
    if (seconds === undefined) {
      problems.push(`cache.${key}: must be a whole number of seconds between 0 and ${ONE_YEAR}`);
    } else {
      policy[key as (typeof KEYS)[number]] = seconds;
    }
  }
  return { policy, problems };
}
