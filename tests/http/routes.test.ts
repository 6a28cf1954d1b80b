// The feed routes through app.request(): formats and content types, tag and author feeds, absolute links.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { fixedClock } from '../../src/clock.ts';
import { defaultConfig } from '../../src/config.ts';
import { slugify, slugSegment } from '../../src/store/slug.ts';
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
    const res = await get(app, `/authors/${slugify('Bo')}/${FILES[format]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TYPES[format]);
    expect(await validate(format, res.text)).toEqual([]);
    expect(readFeed(format, res.text).ids).toEqual([ARTICLE('2024/beta')]);
  });

  it('serves the site author’s feed for articles that name no author', async () => {
    const app = await appOf(newsSources());
    const res = await get(app, `/authors/${slugify('Desk')}/atom.xml`);
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
    const slug = slugify('Économie & Société');
    expect(slug).toBe('économie-société');
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

  it.each(FORMATS)('answers a tag whose articles are all scheduled with a valid empty %s feed', async (format) => {
    const app = await appOf(newsSources());
    const res = await get(app, `/tags/future-only/${FILES[format]}`);
    expect(res.status).toBe(200);
    expect(await validate(format, res.text)).toEqual([]);
    expect(readFeed(format, res.text).ids).toEqual([]);
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
