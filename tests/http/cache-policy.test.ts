// Cache-Control on feeds: defaults, site.yaml `cache:` and environment overrides, the cap at the next
// scheduled go-live, RSS <ttl>, and the cross-origin and Vary headers every feed answer carries.
import { describe, expect, it } from 'vitest';
import { type Config, parseConfig } from '../../src/app/config.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { appOf, articleFile, newsSources, siteYaml, sources } from '../support/fixtures.ts';
import { call, directives, FILES, FORMATS, get, readFeed } from '../support/http.ts';

const GO_LIVE = Date.parse('2024-07-01T08:00:00Z'); // the "Future" article of newsSources()

function envConfig(env: Record<string, string>): Config {
  const parsed = parseConfig(env);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.config;
}

const cacheOf = async (app: Awaited<ReturnType<typeof appOf>>, path = '/rss.xml') =>
  directives((await get(app, path)).headers.get('cache-control'));

describe('Cache-Control defaults', () => {
  it.each(FORMATS)('are public with max-age, s-maxage, stale-while-revalidate and stale-if-error on %s', async (f) => {
    const app = await appOf(newsSources());
    const cc = await cacheOf(app, `/${FILES[f]}`);
    expect(Object.fromEntries(cc)).toEqual({
      public: true,
      'max-age': 300,
      's-maxage': 600,
      'stale-while-revalidate': 60,
      'stale-if-error': 86400,
    });
  });
});

describe('configured Cache-Control', () => {
  it('follows the CACHE_* environment variables', async () => {
    const config = envConfig({
      CACHE_MAX_AGE: '120',
      CACHE_S_MAXAGE: '900',
      CACHE_STALE_WHILE_REVALIDATE: '30',
      CACHE_STALE_IF_ERROR: '3600',
    });
    const cc = await cacheOf(await appOf(newsSources(), { config }));
    expect(cc.get('max-age')).toBe(120);
    expect(cc.get('s-maxage')).toBe(900);
    expect(cc.get('stale-while-revalidate')).toBe(30);
    expect(cc.get('stale-if-error')).toBe(3600);
  });

  it('follows site.yaml cache:', async () => {
    const site = siteYaml({ cache: { maxAge: 90, sMaxAge: 180, staleWhileRevalidate: 15, staleIfError: 600 } });
    const cc = await cacheOf(await appOf(sources({ a: articleFile({}) }, site)));
    expect(Object.fromEntries(cc)).toEqual({
      public: true,
      'max-age': 90,
      's-maxage': 180,
      'stale-while-revalidate': 15,
      'stale-if-error': 600,
    });
  });

  it('lets the environment override site.yaml, setting by setting', async () => {
    const site = siteYaml({ cache: { maxAge: 90, sMaxAge: 180 } });
    const config = envConfig({ CACHE_MAX_AGE: '45' });
    const cc = await cacheOf(await appOf(sources({ a: articleFile({}) }, site), { config }));
    expect(cc.get('max-age')).toBe(45);
    expect(cc.get('s-maxage')).toBe(180);
  });

  it('leaves out stale-while-revalidate and stale-if-error when they are set to 0', async () => {
    const config = envConfig({ CACHE_STALE_WHILE_REVALIDATE: '0', CACHE_STALE_IF_ERROR: '0' });
    const cc = await cacheOf(await appOf(newsSources(), { config }));
    expect(cc.has('stale-while-revalidate')).toBe(false);
    expect(cc.has('stale-if-error')).toBe(false);
  });
});

describe('the cap at the next scheduled article', () => {
  it('caps max-age and s-maxage at the seconds left before the go-live', async () => {
    const app = await appOf(newsSources(), { clock: fixedClock(GO_LIVE - 120_000) });
    const cc = await cacheOf(app);
    expect(cc.get('max-age')).toBe(120);
    expect(cc.get('s-maxage')).toBe(120);
  });

  it('ends the stale-while-revalidate window by the go-live too', async () => {
    const app = await appOf(newsSources(), { clock: fixedClock(GO_LIVE - 120_000) });
    const cc = await cacheOf(app);
    const swr = Number(cc.get('stale-while-revalidate') ?? 0);
    expect((Number(cc.get('s-maxage')) + swr) * 1000).toBeLessThanOrEqual(120_000);
  });

  it('counts down on one server as the clock moves, and back up if it moves back', async () => {
    // One app: the same rendered document and its remembered headers answer every request.
    let now = GO_LIVE - 700_000;
    const app = await appOf(newsSources(), { clock: () => new Date(now) });
    const seen: string[] = [];
    for (const at of [700_000, 699_999, 640_000, 630_000, 120_500, 120_000, 400, 700_000]) {
      now = GO_LIVE - at;
      seen.push((await get(app, '/rss.xml')).headers.get('cache-control') ?? '');
    }
    const swr = (n: number) => `, stale-while-revalidate=${n}`;
    const tail = ', stale-if-error=86400';
    expect(seen).toEqual([
      `public, max-age=300, s-maxage=600${swr(60)}${tail}`,
      `public, max-age=300, s-maxage=600${swr(60)}${tail}`,
      `public, max-age=300, s-maxage=600${swr(40)}${tail}`,
      `public, max-age=300, s-maxage=600${swr(30)}${tail}`,
      `public, max-age=121, s-maxage=121${tail}`,
      `public, max-age=120, s-maxage=120${tail}`,
      `public, max-age=1, s-maxage=1${tail}`,
      `public, max-age=300, s-maxage=600${swr(60)}${tail}`,
    ]);
  });

  it('rounds a part second up to one second, never to zero', async () => {
    const app = await appOf(newsSources(), { clock: fixedClock(GO_LIVE - 400) });
    const cc = await cacheOf(app);
    expect(cc.get('max-age')).toBe(1);
    expect(cc.get('s-maxage')).toBe(1);
  });

  it('applies to a tag feed the scheduled article belongs to', async () => {
    const app = await appOf(newsSources(), { clock: fixedClock(GO_LIVE - 120_000) });
    expect((await cacheOf(app, '/tags/politics/atom.xml')).get('max-age')).toBe(120);
  });

  it('leaves a tag feed the scheduled article is not in alone', async () => {
    const app = await appOf(newsSources(), { clock: fixedClock(GO_LIVE - 120_000) });
    expect((await cacheOf(app, '/tags/asia/atom.xml')).get('max-age')).toBe(300);
  });

  it('is gone once the article is live', async () => {
    const app = await appOf(newsSources(), { clock: fixedClock(GO_LIVE) });
    expect((await cacheOf(app)).get('max-age')).toBe(300);
  });

  it('does not reach the body: the bytes and ETag stay while the cap shrinks', async () => {
    const far = await get(await appOf(newsSources()), '/rss.xml');
    const near = await get(await appOf(newsSources(), { clock: fixedClock(GO_LIVE - 120_000) }), '/rss.xml');
    expect(near.text).toBe(far.text);
    expect(near.headers.get('etag')).toBe(far.headers.get('etag'));
  });
});

describe('RSS <ttl>', () => {
  it.each([
    [{}, 5],
    [{ CACHE_MAX_AGE: '90' }, 2],
    [{ CACHE_MAX_AGE: '1000' }, 17],
    [{ CACHE_MAX_AGE: '3600' }, 60],
    [{ CACHE_MAX_AGE: '0' }, 0],
  ])('with %j is %i, the configured max-age in minutes rounded up', async (env, minutes) => {
    const app = await appOf(newsSources(), { config: envConfig(env) });
    expect(readFeed('rss', (await get(app, '/rss.xml')).text).ttl).toBe(minutes);
  });

  it('follows site.yaml cache.maxAge', async () => {
    const app = await appOf(sources({ a: articleFile({}) }, siteYaml({ cache: { maxAge: 61 } })));
    expect(readFeed('rss', (await get(app, '/rss.xml')).text).ttl).toBe(2);
  });
});

describe('headers on every feed answer', () => {
  const answers: [string, string, Record<string, string>][] = [
    ['200', '/rss.xml', {}],
    ['200 on a tag feed', '/tags/politics/atom.xml', {}],
    ['200 on an author feed', '/authors/ann/feed.json', {}],
    ['304', '/atom.xml', { 'if-modified-since': 'Wed, 01 May 2024 00:00:00 GMT' }],
    ['412', '/atom.xml', { 'if-match': '"stale"' }],
  ];

  it.each(answers)('Access-Control-Allow-Origin: * and CORP cross-origin on a %s', async (_, path, headers) => {
    const app = await appOf(newsSources());
    const res = await get(app, path, headers);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it.each(answers)('Vary: Accept-Encoding on a %s', async (_, path, headers) => {
    const app = await appOf(newsSources());
    const res = await get(app, path, headers);
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
  });

  it('Vary: Accept-Encoding on HEAD and on page 2', async () => {
    const app = await appOf(newsSources(), { config: { items: 1 } });
    expect((await call(app, '/rss.xml', { method: 'HEAD' })).headers.get('vary')).toBe('Accept-Encoding');
    expect((await get(app, '/rss.xml?page=2')).headers.get('vary')).toBe('Accept-Encoding');
  });
});
