import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacheControl, defaultCachePolicy, goLiveCap, parseCachePolicy } from '../../../src/http/cache-policy.ts';

const now = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('cacheControl', () => {
  it('emits the default policy', () => {
    expect(cacheControl(defaultCachePolicy, { now })).toEqual({
      header: 'public, max-age=300, s-maxage=600, stale-while-revalidate=60, stale-if-error=86400',
      maxAge: 300,
    });
  });

  it('ignores a nextChange further away than every lifetime', () => {
    const r = cacheControl(defaultCachePolicy, { now, nextChange: now + 3_600_000 });
    expect(r.header).toBe('public, max-age=300, s-maxage=600, stale-while-revalidate=60, stale-if-error=86400');
  });

  it('caps max-age and s-maxage at the seconds until go-live, rounding up', () => {
    const r = cacheControl(defaultCachePolicy, { now, nextChange: now + 120_500 });
    expect(r).toEqual({ header: 'public, max-age=121, s-maxage=121, stale-if-error=86400', maxAge: 121 });
  });

  it('caps stale-while-revalidate so stale serving also ends by go-live', () => {
    // s-maxage 600 + swr 60 would run to 660s; go-live at 630s leaves 30s of swr.
    expect(cacheControl(defaultCachePolicy, { now, nextChange: now + 630_000 }).header).toBe(
      'public, max-age=300, s-maxage=600, stale-while-revalidate=30, stale-if-error=86400',
    );
    // Private lifetime longer than shared: the longer one bounds swr.
    const p = { maxAge: 100, sMaxAge: 50, staleWhileRevalidate: 60, staleIfError: 0 };
    expect(cacheControl(p, { now, nextChange: now + 130_000 }).header).toBe(
      'public, max-age=100, s-maxage=50, stale-while-revalidate=30',
    );
  });

  it('allows 0 and never goes negative when go-live is now or past', () => {
    for (const nextChange of [now, now - 5000]) {
      expect(cacheControl(defaultCachePolicy, { now, nextChange })).toEqual({
        header: 'public, max-age=0, s-maxage=0, stale-if-error=86400',
        maxAge: 0,
      });
    }
    expect(cacheControl(defaultCachePolicy, { now, nextChange: now + 1 }).maxAge).toBe(1);
  });

  it('marks archive pages immutable for a year, keeping stale-if-error', () => {
    expect(cacheControl(defaultCachePolicy, { now, immutable: true })).toEqual({
      header: 'public, max-age=31536000, immutable, stale-if-error=86400',
      maxAge: 31536000,
    });
    expect(cacheControl(defaultCachePolicy, { now, immutable: true, nextChange: now }).maxAge).toBe(31536000);
    expect(cacheControl({ ...defaultCachePolicy, staleIfError: 0 }, { now, immutable: true }).header).toBe(
      'public, max-age=31536000, immutable',
    );
  });

  it('is the same header at two instants with the same goLiveCap (what callers may keep it by)', () => {
    const seconds = fc.integer({ min: 0, max: 2000 });
    fc.assert(
      fc.property(
        fc.record({ maxAge: seconds, sMaxAge: seconds, staleWhileRevalidate: seconds, staleIfError: seconds }),
        fc.integer({ min: -5_000_000, max: 5_000_000 }),
        fc.integer({ min: -5_000_000, max: 5_000_000 }),
        fc.option(fc.integer({ min: -5_000_000, max: 5_000_000 }), { nil: undefined }),
        (policy, a, b, nextChange) => {
          if (goLiveCap(policy, a, nextChange) !== goLiveCap(policy, b, nextChange)) return;
          const at = (now: number) =>
            cacheControl(policy, { now, ...(nextChange !== undefined ? { nextChange } : {}) });
          expect(at(a)).toEqual(at(b));
        },
      ),
    );
  });

  it('omits zero stale directives', () => {
    const p = { maxAge: 0, sMaxAge: 0, staleWhileRevalidate: 0, staleIfError: 0 };
    expect(cacheControl(p, { now }).header).toBe('public, max-age=0, s-maxage=0');
  });

  it('derives an RSS ttl from the returned maxAge', () => {
    expect(Math.ceil(cacheControl(defaultCachePolicy, { now, nextChange: now + 61_000 }).maxAge / 60)).toBe(2);
  });
});

describe('defaultCachePolicy', () => {
  it('has the documented values and is frozen', () => {
    expect(defaultCachePolicy).toEqual({ maxAge: 300, sMaxAge: 600, staleWhileRevalidate: 60, staleIfError: 86400 });
    expect(Object.isFrozen(defaultCachePolicy)).toBe(true);
  });
});

describe('parseCachePolicy', () => {
  it('returns the defaults for empty input, as a fresh object', () => {
    const r = parseCachePolicy({});
    expect(r).toEqual({ policy: defaultCachePolicy, problems: [] });
    expect(r.policy).not.toBe(defaultCachePolicy);
  });

  it('applies numbers and numeric strings over the defaults', () => {
    expect(
      parseCachePolicy({ maxAge: 60, sMaxAge: '120', staleWhileRevalidate: 0, staleIfError: ' 31536000 ' }),
    ).toEqual({
      policy: { maxAge: 60, sMaxAge: 120, staleWhileRevalidate: 0, staleIfError: 31536000 },
      problems: [],
    });
    expect(parseCachePolicy({ maxAge: undefined }).policy.maxAge).toBe(300);
  });

  it.each([
    -1,
    1.5,
    31536001,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '',
    'abc',
    '1e3',
    '-5',
    '2.0',
    '31536001',
    null,
    true,
    [60],
    {},
  ])('reports %j and keeps the default', (bad) => {
    const r = parseCachePolicy({ maxAge: bad });
    expect(r.policy.maxAge).toBe(300);
    expect(r.problems).toEqual(['cache.maxAge: must be a whole number of seconds between 0 and 31536000']);
  });

  it('reports every bad key, and unknown keys', () => {
    const r = parseCachePolicy({ maxAge: 60, sMaxAge: -1, staleWhileRevalidate: 'x', staleIfError: 0.5, 'max-age': 5 });
    expect(r.policy).toEqual({ maxAge: 60, sMaxAge: 600, staleWhileRevalidate: 60, staleIfError: 86400 });
    expect(r.problems).toEqual([
      'cache.sMaxAge: must be a whole number of seconds between 0 and 31536000',
      'cache.staleWhileRevalidate: must be a whole number of seconds between 0 and 31536000',
      'cache.staleIfError: must be a whole number of seconds between 0 and 31536000',
      'cache.max-age: unknown setting (expected one of maxAge, sMaxAge, staleWhileRevalidate, staleIfError)',
    ]);
  });
});
