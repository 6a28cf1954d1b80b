// The feed routes through app.request(): formats and content types, tag and author feeds, absolute links.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { groupSlug, slugSegment } from '../../src/core/slug.ts';
import { createStore } from '../../src/store/store.ts';
import { validateAtom } from '../support/atom.ts';
import { appOf, articleFile, compile, NOW, newsSources, sources } from '../support/fixtures.ts';
import { FILES, FORMATS, type Format, get, readFeed, TYPES } from '../support/http.ts';
import { validateJsonFeed } from '../support/json-feed.ts';
import { checkRssProfile } from '../support/rss.ts';
import { assertWellFormed } from '../support/xml.ts';

async function validate(format: Format, text: string): Promise<string[]> {
  if (format === 'json') return validateJsonFeed(text);
  await assertWellFormed(text);
  return format === 'atom' ? validateAtom(text) : checkRssProfile(text);
}

const ARTICLE = (slug: string) => `https://news.example.org/articles/${slug}`;

describe('site feeds', () => {
  it.each(FORMATS)('answers /%s with 200, its content type and a valid document', async (format) => {
    const app = await appOf(newsSources());
    const res = await get(app, `/${FILES[format]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TYPES[format]);
    expect(await validate(format, res.text)).toEqual([]);
  });

  it.each(FORMATS)(
    'lists the visible articles newest first in %s, without drafts or scheduled ones',
    async (format) => {
      const app = await appOf(newsSources());
      const feed = readFeed(format, (await get(app, `/${FILES[format]}`)).text);
      // Alpha and Beta share a date; ties go by slug.
      expect(feed.ids).toEqual([ARTICLE('2024/alpha'), ARTICLE('2024/beta'), ARTICLE('2024/gamma')]);
    },
  );
});

describe('tag and author feeds', () => {
  it.each(FORMATS)('answers a tag feed in %s with only the visible articles carrying the tag', async (format) => {
    const app = await appOf(newsSources());
    const res = await get(app, `/tags/politics/${FILES[format]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TYPES[format]);
    expect(await validate(format, res.text)).toEqual([]);
    expect(readFeed(format, res.text).ids).toEqual([ARTICLE('2024/alpha'), ARTICLE('2024/beta')]);
  });

  it.each(FORMATS)('answers an author feed in %s with only that author’s visible articles', async (format) => {
    const app = await appOf(newsSources());
    const res = await get(app, `/authors/${groupSlug('Bo')}/${FILES[format]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TYPES[format]);
    expect(await validate(format, res.text)).toEqual([]);
    expect(readFeed(format, res.text).ids).toEqual([ARTICLE('2024/beta')]);
  });

  it('serves the site author’s feed for articles that name no author', async () => {
    const app = await appOf(newsSources());
    const res = await get(app, `/authors/${groupSlug('Desk')}/atom.xml`);
    expect(res.status).toBe(200);
    expect(readFeed('atom', res.text).ids).toEqual([ARTICLE('2024/gamma')]);
  });

  it('finds a tag with accents and punctuation at its slug, percent-encoded, and merges case variants', async () => {
    const app = await appOf(
      sources({
        a: articleFile({ title: 'A', date: '2024-01-02T00:00:00Z', tags: ['Économie & Société'] }),
        b: articleFile({ title: 'B', date: '2024-01-01T00:00:00Z', tags: ['économie & société'] }),
      }),
    );
    const slug = groupSlug('Économie & Société');
    expect(slug).toBe('économie-&-société');
    const res = await get(app, `/tags/${slugSegment(slug)}/rss.xml`);
    expect(res.status).toBe(200);
    expect(readFeed('rss', res.text).titles).toEqual(['A', 'B']);
  });

  it('points a tag feed’s self link at the percent-encoded slug', async () => {
    const app = await appOf(sources({ a: articleFile({ tags: ['Économie'] }) }));
    const feed = readFeed('atom', (await get(app, `/tags/${slugSegment('économie')}/atom.xml`)).text);
    expect(feed.self).toBe(`https://news.example.org/tags/${slugSegment('économie')}/atom.xml`);
  });

  it.each([
    '/tags/no-such-tag/rss.xml',
    '/authors/nobody/atom.xml',
    // Drafts are dropped at load, so a tag only drafts carry does not exist.
    '/tags/secret-tag/feed.json',
  ])('answers 404 for %s', async (path) => {
    const app = await appOf(newsSources());
    const res = await get(app, path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it.each([
    ['tag', '/tags/future-only'],
    ['author', '/authors/cy'],
  ])('answers a %s that only scheduled articles carry exactly as an unknown one', async (_kind, base) => {
    const src = newsSources();
    src['articles/2024/future.md'] = articleFile({
      title: 'Future',
      date: '2024-07-01T08:00:00Z',
      tags: ['politics', 'future-only'],
      author: 'Cy',
    });
    const app = await appOf(src);
    const unknown = base.replace(/[^/]+$/, 'never-heard-of');
    for (const suffix of ['/rss.xml', '/atom.xml?page=2', '/archive/1/feed.json']) {
      const [scheduled, never] = [await get(app, base + suffix), await get(app, unknown + suffix)];
      expect(scheduled.status).toBe(404);
      expect(scheduled.text.replace(base, unknown)).toBe(never.text);
      expect(Object.fromEntries(scheduled.headers)).toEqual(Object.fromEntries(never.headers));
    }
  });

  it('serves the feed once its first article goes live', async () => {
    const app = await appOf(newsSources(), { clock: fixedClock('2024-07-01T08:00:00Z') });
    expect((await get(app, '/tags/future-only/rss.xml')).status).toBe(200);
  });
});

describe('tag and author names', () => {
  const NAMES = ['C', 'C#', 'C++', '🎉', '🚀', 'AC/DC', '100%', '100%25', 'a?b', 'rock & roll'];
  const store = () =>
    sources(
      Object.fromEntries(
        NAMES.map((name, i) => [
          `n${i}`,
          articleFile({
            title: `About ${name}`,
            date: `2024-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
            tags: [name],
            author: name,
          }),
        ]),
      ),
    );

  it.each(['tags', 'authors'])('gives every distinct name its own %s feed, holding only its articles', async (kind) => {
    const app = await appOf(store());
    const urls = new Set<string>();
    for (const name of NAMES) {
      const url = `/${kind}/${slugSegment(groupSlug(name))}/rss.xml`;
      urls.add(url);
      const res = await get(app, url);
      expect(res.status, url).toBe(200);
      expect(readFeed('rss', res.text).titles).toEqual([`About ${name}`]);
      expect(readFeed('rss', res.text).self).toBe(`https://news.example.org${url}`);
    }
    expect(urls.size).toBe(NAMES.length);
  });

  it('spells the URLs readably, percent-encoding only what a path segment cannot hold', () => {
    expect(slugSegment(groupSlug('C++'))).toBe('c%2B%2B');
    expect(slugSegment(groupSlug('🎉'))).toBe('%F0%9F%8E%89');
    expect(slugSegment(groupSlug('North Korea'))).toBe('north-korea');
    expect(groupSlug('Économie')).toBe(groupSlug('économie'));
    expect(groupSlug('E\u0301conomie')).toBe(groupSlug('Économie'));
  });

  it("keeps a tag's URL when another tag is added", async () => {
    const before = await appOf(sources({ a: articleFile({ title: 'A', tags: ['C'] }) }));
    const after = await appOf(
      sources({ a: articleFile({ title: 'A', tags: ['C'] }), b: articleFile({ title: 'B', tags: ['C++', 'C#'] }) }),
    );
    const [one, two] = [await get(before, '/tags/c/rss.xml'), await get(after, '/tags/c/rss.xml')];
    expect(readFeed('rss', one.text).titles).toEqual(['A']);
    expect(readFeed('rss', two.text).titles).toEqual(['A']);
  });

  it("redirects the URL an earlier Herald gave a name to the name's own feed, when only one name had it", async () => {
    const app = await appOf(store());
    const moved = await get(app, '/tags/rock-roll/atom.xml?page=1');
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe('https://news.example.org/tags/rock-%26-roll/atom.xml');
    // "c" is a name of its own now; "untitled" was every emoji's: neither moves.
    expect((await get(app, '/tags/c/rss.xml')).status).toBe(200);
    expect((await get(app, '/tags/untitled/rss.xml')).status).toBe(404);
  });
});

describe('absolute links', () => {
  it.each(FORMATS)('builds every %s link from site.url, whatever Host the request names', async (format) => {
    const app = await appOf(newsSources());
    const viaHost = await get(app, `http://attacker.example:8080/tags/politics/${FILES[format]}`, {
      host: 'attacker.example:8080',
      'x-forwarded-host': 'attacker.example',
    });
    const plain = await get(app, `/tags/politics/${FILES[format]}`);
    const feed = readFeed(format, viaHost.text);
    expect(feed.urls.length).toBeGreaterThan(3);
    for (const url of feed.urls) expect(url.startsWith('https://news.example.org/')).toBe(true);
    expect(viaHost.text).toBe(plain.text);
    expect(viaHost.headers.get('etag')).toBe(plain.headers.get('etag'));
  });

  it.each(FORMATS)('builds every %s link from SITE_URL when the store is compiled with it', async (format) => {
    const siteUrl = 'https://mirror.example.net/news/';
    const app = createApp({
      store: createStore(await compile(newsSources(), siteUrl)),
      config: { ...defaultConfig, siteUrl },
      clock: fixedClock(NOW),
    });
    const feed = readFeed(format, (await get(app, `/${FILES[format]}`, { host: 'news.example.org' })).text);
    expect(feed.self).toBe(`${siteUrl}${FILES[format]}`);
    for (const url of feed.urls) expect(url.startsWith(siteUrl)).toBe(true);
  });
});
