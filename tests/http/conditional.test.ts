// Conditional GET through the app (RFC 9110 section 13): If-None-Match, If-Modified-Since, their order,
// If-Match and If-Unmodified-Since, and the validators themselves (ETag = SHA-256 of the bytes sent,
// Last-Modified = the feed's own updated date).
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { appOf, articleFile, NOW, newsSources, sources } from '../support/fixtures.ts';
import { expectedEtag, FILES, FORMATS, get, readFeed } from '../support/http.ts';

const FEED = '/atom.xml';
// newsSources(): the newest visible `updated` is Gamma's, 2024-05-01T00:00:00Z.
const LAST_MODIFIED = 'Wed, 01 May 2024 00:00:00 GMT';
const ONE_SECOND_EARLIER = 'Tue, 30 Apr 2024 23:59:59 GMT';
const ONE_SECOND_LATER = 'Wed, 01 May 2024 00:00:01 GMT';

async function fresh() {
  const app = await appOf(newsSources());
  const first = await get(app, FEED);
  return { app, etag: first.headers.get('etag') as string, first };
}

/** The opaque part of a strong tag, for building W/ and list variants. */
const opaque = (etag: string) => etag.replace(/^W\//, '');

describe('If-None-Match', () => {
  it('answers 304 to the exact ETag', async () => {
    const { app, etag } = await fresh();
    expect((await get(app, FEED, { 'if-none-match': etag })).status).toBe(304);
  });

  it('answers 304 to the weak form of the ETag (weak comparison, section 13.1.2)', async () => {
    const { app, etag } = await fresh();
    expect((await get(app, FEED, { 'if-none-match': `W/${opaque(etag)}` })).status).toBe(304);
  });

  it('answers 304 when the ETag is one member of a list', async () => {
    const { app, etag } = await fresh();
    const list = `"stale-1", W/"stale-2", ${etag}, "stale-3"`;
    expect((await get(app, FEED, { 'if-none-match': list })).status).toBe(304);
  });

  it('answers 304 to a weak member of a list without spaces', async () => {
    const { app, etag } = await fresh();
    expect((await get(app, FEED, { 'if-none-match': `"x",W/${opaque(etag)}` })).status).toBe(304);
  });

  it('answers 304 to *', async () => {
    const { app } = await fresh();
    expect((await get(app, FEED, { 'if-none-match': '*' })).status).toBe(304);
  });

  it('answers 200 with the body when no member matches', async () => {
    const { app, first } = await fresh();
    const res = await get(app, FEED, { 'if-none-match': '"stale-1", W/"stale-2"' });
    expect(res.status).toBe(200);
    expect(res.text).toBe(first.text);
  });

  it('answers 200 to the ETag without its quotes (not an entity-tag)', async () => {
    const { app, etag } = await fresh();
    expect((await get(app, FEED, { 'if-none-match': etag.slice(1, -1) })).status).toBe(200);
  });

  it('answers 200 to another feed’s ETag', async () => {
    const { app } = await fresh();
    const other = (await get(app, '/rss.xml')).headers.get('etag') as string;
    expect((await get(app, FEED, { 'if-none-match': other })).status).toBe(200);
  });

  it('answers 304 to HEAD with the ETag', async () => {
    const { app, etag } = await fresh();
    const res = await app.request(FEED, { method: 'HEAD', headers: { 'if-none-match': etag } });
    expect(res.status).toBe(304);
  });
});

describe('If-Modified-Since', () => {
  it('answers 304 to a date equal to Last-Modified', async () => {
    const { app } = await fresh();
    expect((await get(app, FEED, { 'if-modified-since': LAST_MODIFIED })).status).toBe(304);
  });

  it('answers 304 to a date later than Last-Modified', async () => {
    const { app } = await fresh();
    expect((await get(app, FEED, { 'if-modified-since': ONE_SECOND_LATER })).status).toBe(304);
  });

  it('answers 200 to a date one second earlier than Last-Modified', async () => {
    const { app } = await fresh();
    expect((await get(app, FEED, { 'if-modified-since': ONE_SECOND_EARLIER })).status).toBe(200);
  });

  it('compares at one-second precision when the feed’s date has milliseconds', async () => {
    const app = await appOf(sources({ a: articleFile({ date: '2024-03-01T10:00:00.750Z' }) }));
    const res = await get(app, FEED);
    expect(res.headers.get('last-modified')).toBe('Fri, 01 Mar 2024 10:00:00 GMT');
    expect((await get(app, FEED, { 'if-modified-since': 'Fri, 01 Mar 2024 10:00:00 GMT' })).status).toBe(304);
    expect((await get(app, FEED, { 'if-modified-since': 'Fri, 01 Mar 2024 09:59:59 GMT' })).status).toBe(200);
  });

  it('accepts the obsolete RFC 850 and asctime forms', async () => {
    const { app } = await fresh();
    expect((await get(app, FEED, { 'if-modified-since': 'Wednesday, 01-May-24 00:00:00 GMT' })).status).toBe(304);
    expect((await get(app, FEED, { 'if-modified-since': 'Wed May  1 00:00:00 2024' })).status).toBe(304);
  });

  it.each([
    'yesterday',
    '2024-05-01T00:00:00Z',
    'Wed, 01 May 2024 00:00:00 UTC',
    'wed, 01 may 2024 00:00:00 gmt',
    `${LAST_MODIFIED}, ${LAST_MODIFIED}`,
  ])('ignores the unparseable date %j and answers 200', async (value) => {
    const { app } = await fresh();
    expect((await get(app, FEED, { 'if-modified-since': value })).status).toBe(200);
  });
});

describe('precedence (RFC 9110 section 13.2.2)', () => {
  it('answers 200 when If-None-Match does not match, even if If-Modified-Since would give 304', async () => {
    const { app } = await fresh();
    const res = await get(app, FEED, { 'if-none-match': '"stale"', 'if-modified-since': ONE_SECOND_LATER });
    expect(res.status).toBe(200);
  });

  it('answers 304 when If-None-Match matches, even if If-Modified-Since is earlier', async () => {
    const { app, etag } = await fresh();
    const res = await get(app, FEED, { 'if-none-match': etag, 'if-modified-since': ONE_SECOND_EARLIER });
    expect(res.status).toBe(304);
  });
});

describe('a 304 answer', () => {
  it('carries ETag, Last-Modified, Cache-Control and Vary of the 200, and no body', async () => {
    const { app, etag, first } = await fresh();
    const res = await get(app, FEED, { 'if-none-match': etag });
    expect(res.status).toBe(304);
    for (const name of ['etag', 'last-modified', 'cache-control', 'vary']) {
      expect(res.headers.get(name)).not.toBeNull();
      expect(res.headers.get(name)).toBe(first.headers.get(name));
    }
    expect(res.bytes.byteLength).toBe(0);
  });
});

describe('If-Match and If-Unmodified-Since', () => {
  it('answers 200 when If-Match names the current ETag', async () => {
    const { app, etag } = await fresh();
    expect((await get(app, FEED, { 'if-match': etag })).status).toBe(200);
  });

  it('answers 200 when If-Match is *', async () => {
    const { app } = await fresh();
    expect((await get(app, FEED, { 'if-match': '*' })).status).toBe(200);
  });

  it('answers 412 without a body when If-Match names another ETag', async () => {
    const { app } = await fresh();
    const res = await get(app, FEED, { 'if-match': '"stale"' });
    expect(res.status).toBe(412);
    expect(res.bytes.byteLength).toBe(0);
  });

  it('answers 412 when If-Match names the weak form of the ETag (strong comparison, section 13.1.1)', async () => {
    const { app, etag } = await fresh();
    expect((await get(app, FEED, { 'if-match': `W/${opaque(etag)}` })).status).toBe(412);
  });

  it('answers 412 when If-Unmodified-Since is earlier than Last-Modified', async () => {
    const { app } = await fresh();
    expect((await get(app, FEED, { 'if-unmodified-since': ONE_SECOND_EARLIER })).status).toBe(412);
  });

  it('answers 200 when If-Unmodified-Since equals Last-Modified', async () => {
    const { app } = await fresh();
    expect((await get(app, FEED, { 'if-unmodified-since': LAST_MODIFIED })).status).toBe(200);
  });

  it('ignores an unparseable If-Unmodified-Since', async () => {
    const { app } = await fresh();
    expect((await get(app, FEED, { 'if-unmodified-since': 'not a date' })).status).toBe(200);
  });

  it('ignores If-Unmodified-Since when If-Match is present and matches', async () => {
    const { app, etag } = await fresh();
    const res = await get(app, FEED, { 'if-match': etag, 'if-unmodified-since': ONE_SECOND_EARLIER });
    expect(res.status).toBe(200);
  });
});

describe('Last-Modified', () => {
  it.each(['/rss.xml', '/tags/politics/rss.xml'])('equals lastBuildDate of %s', async (path) => {
    const app = await appOf(newsSources());
    const res = await get(app, path);
    const feed = readFeed('rss', res.text);
    expect(Date.parse(res.headers.get('last-modified') as string)).toBe(feed.updated);
  });

  it.each(['/atom.xml', '/authors/ann/atom.xml'])('equals the feed-level updated of %s', async (path) => {
    const app = await appOf(newsSources());
    const res = await get(app, path);
    expect(Date.parse(res.headers.get('last-modified') as string)).toBe(readFeed('atom', res.text).updated);
  });

  it('equals the newest date_modified of the JSON Feed', async () => {
    const app = await appOf(newsSources());
    const res = await get(app, '/feed.json');
    expect(res.headers.get('last-modified')).toBe(LAST_MODIFIED);
    expect(Date.parse(LAST_MODIFIED)).toBe(readFeed('json', res.text).updated);
  });

  it('is never later than the clock, even when an article’s updated date lies in the future', async () => {
    const app = await appOf(
      sources({ a: articleFile({ date: '2024-01-01T00:00:00Z', updated: '2024-12-01T00:00:00Z' }) }),
      { clock: fixedClock(NOW) },
    );
    const res = await get(app, FEED);
    expect(Date.parse(res.headers.get('last-modified') as string)).toBeLessThanOrEqual(Date.parse(NOW));
  });
});

describe('ETag', () => {
  it.each(FORMATS)('is the strong SHA-256 tag of the exact %s bytes sent', async (format) => {
    const app = await appOf(newsSources());
    const res = await get(app, `/${FILES[format]}`);
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(res.headers.get('etag')).toBe(expectedEtag(res.bytes));
  });

  it.each(FORMATS)('is the same for %s from two apps built from the same store and clock', async (format) => {
    const one = await get(await appOf(newsSources()), `/${FILES[format]}`);
    const two = await get(await appOf(newsSources()), `/${FILES[format]}`);
    expect(two.headers.get('etag')).toBe(one.headers.get('etag'));
    expect(two.text).toBe(one.text);
  });

  it('differs between formats, pages and feeds', async () => {
    const app = await appOf(newsSources(), { config: { items: 1 } });
    const paths = ['/rss.xml', '/atom.xml', '/feed.json', '/atom.xml?page=2', '/tags/politics/atom.xml'];
    const tags = await Promise.all(paths.map(async (p) => (await get(app, p)).headers.get('etag')));
    expect(new Set(tags).size).toBe(paths.length);
  });

  it('changes when an edit changes the bytes', async () => {
    const before = await appOf(newsSources());
    const edited = newsSources();
    edited['articles/2024/alpha.md'] = articleFile({
      title: 'Alpha, corrected',
      date: '2024-03-01T10:00:00Z',
      tags: ['politics', 'asia'],
      author: 'Ann',
    });
    const after = await appOf(edited);
    const a = await get(before, FEED);
    const b = await get(after, FEED);
    expect(b.text).not.toBe(a.text);
    expect(b.headers.get('etag')).not.toBe(a.headers.get('etag'));
  });

  it('stays when a change to the store leaves the bytes alone (a new draft)', async () => {
    const before = await appOf(newsSources());
    const withDraft = newsSources();
    withDraft['articles/2024/another-draft.md'] = articleFile({ title: 'Later', draft: true });
    const after = await appOf(withDraft);
    const a = await get(before, FEED);
    const b = await get(after, FEED);
    expect(b.text).toBe(a.text);
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
  });
});
