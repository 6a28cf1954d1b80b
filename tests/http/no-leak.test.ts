// Drafts and scheduled articles never leak: crawling every page, feed, archive and OPML outline
// reachable from / finds none of their titles, slugs, ids, tags or authors, and every validator
// (ETag, Last-Modified) is the same as for a store that never had them. Once the clock passes the
// scheduled date, the article appears; drafts never do.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import type { Sources } from '../../src/content/load.ts';
import type { Clock } from '../../src/core/clock.ts';
import { type Crawled, crawl } from '../support/crawl.ts';
import { articleFile, siteYaml, sources, storeOf } from '../support/fixtures.ts';
import { movableClock, readFeed } from '../support/http.ts';

const NOW = '2024-06-01T12:00:00Z';
/** Two minutes after NOW: the Cache-Control cap is visible within max-age=300. */
const SOON = '2024-06-01T12:02:00Z';
const LATER = '2030-01-01T00:00:00Z';

/** Every marker is lower-case ASCII, so percent-encoding, slugs and escaping cannot disguise it. */
const MARKERS = [
  'zqdraftslug',
  'zqdrafttitle',
  'zqdrafttag',
  'zqdraftauthor',
  'zqdraftid',
  'zqdraftbody',
  'zqsoonslug',
  'zqsoontitle',
  'zqsoontag',
  'zqsoonauthor',
  'zqsoonid',
  'zqsoonsummary',
  'zqsoonbody',
  'zqsoonexternal',
  'zqlaterslug',
  'zqlatertitle',
  'zqlatertag',
  'zqlaterauthor',
];

const SITE_YAML = siteYaml({
  authors: { Ann: { email: 'ann@news.example.org' }, Bo: { url: 'https://bo.example.org/' } },
});

function visibleArticles(): Record<string, string> {
  return {
    '2024/alpha': articleFile({
      title: 'Alpha',
      date: '2024-03-01T10:00:00Z',
      tags: ['politics', 'asia'],
      author: 'Ann',
    }),
    '2024/beta': articleFile({
      title: 'Beta',
      date: '2024-03-02T10:00:00Z',
      tags: ['politics'],
      author: ['Ann', 'Bo'],
    }),
    '2024/gamma': articleFile({
      title: 'Gamma',
      date: '2024-02-01',
      updated: '2024-05-01T00:00:00Z',
      tags: ['Économie'],
    }),
    '2024/delta': articleFile({ title: 'Delta', date: '2024-01-15T08:00:00Z', tags: ['asia'], author: 'Bo' }),
    '2023/epsilon': articleFile({ title: 'Epsilon', date: '2023-12-24T18:00:00+01:00', tags: ['politics'] }),
  };
}

function hiddenArticles(): Record<string, string> {
  return {
    // A draft dated in the past: dropped at load, whatever the clock says.
    '2024/zqdraftslug': articleFile(
      {
        title: 'zqdrafttitle',
        date: '2024-01-01T00:00:00Z',
        draft: true,
        tags: ['politics', 'zqdrafttag'],
        author: ['Ann', 'zqdraftauthor'],
        id: 'tag:news.example.org,2024:zqdraftid',
      },
      'zqdraftbody\n',
    ),
    // Goes live two minutes after NOW; shares tags and authors with published articles, spelled
    // differently ("POLITICS", "BO") so a group named after the newest article would leak.
    '2024/zqsoonslug': articleFile(
      {
        title: 'zqsoontitle',
        date: SOON,
        summary: 'zqsoonsummary',
        tags: ['POLITICS', 'Asia', 'zqsoontag', 'économie'],
        author: ['BO', 'zqsoonauthor'],
        id: 'tag:news.example.org,2024:zqsoonid',
        url: 'https://elsewhere.example/zqsoonexternal',
      },
      'zqsoonbody [a link](https://news.example.org/articles/2024/zqdraftslug)\n',
    ),
    '2029/zqlaterslug': articleFile({
      title: 'zqlatertitle',
      date: LATER,
      tags: ['zqlatertag'],
      author: 'zqlaterauthor',
    }),
  };
}

async function appWith(src: Sources, clock: Clock) {
  // One item a document, so feeds have pages and RFC 5005 archives to follow.
  return createApp({ store: await storeOf(src), config: { ...defaultConfig, items: 1 }, clock });
}

const markersIn = (text: string) => MARKERS.filter((m) => text.toLowerCase().includes(m));

function headersOf(page: Crawled): Record<string, string> {
  const out: Record<string, string> = {};
  // Cache-Control is left out on purpose: max-age is capped at the next go-live (README "HTTP caching"),
  // so a scheduled article shortens it. That says something goes live then, never what.
  page.headers.forEach((value, name) => {
    if (name !== 'cache-control') out[name] = value;
  });
  return out;
}

describe('hidden articles', () => {
  it('leave no title, slug, id, tag or author in any document or header reachable from /', async () => {
    const app = await appWith(sources({ ...visibleArticles(), ...hiddenArticles() }, SITE_YAML), movableClock(NOW));
    const pages = await crawl(app);
    expect(pages.size).toBeGreaterThan(40);
    for (const page of pages.values()) {
      expect(page.status, page.path).toBe(200);
      const headers = JSON.stringify(headersOf(page)) + (page.headers.get('cache-control') ?? '');
      expect(markersIn(page.text + headers), page.path).toEqual([]);
    }
  });

  it('reach every kind of document: pages, archives, tag and author feeds, article pages', async () => {
    const app = await appWith(sources({ ...visibleArticles(), ...hiddenArticles() }, SITE_YAML), movableClock(NOW));
    const paths = [...(await crawl(app)).keys()];
    for (const expected of [
      '/',
      '/feeds.opml',
      '/style.css',
      '/rss.xml?page=3',
      '/archive/1/atom.xml',
      '/tags/politics/feed.json?page=2',
      '/tags/%C3%A9conomie/rss.xml',
      '/tags/politics/archive/2/rss.xml',
      '/authors/desk/atom.xml',
      '/authors/bo/rss.xml',
      '/articles/2023/epsilon',
    ]) {
      expect(paths).toContain(expected);
    }
  });

  it('change no byte, status or validator of any crawled response (Cache-Control aside)', async () => {
    const withHidden = await crawl(
      await appWith(sources({ ...visibleArticles(), ...hiddenArticles() }, SITE_YAML), movableClock(NOW)),
    );
    const without = await crawl(await appWith(sources(visibleArticles(), SITE_YAML), movableClock(NOW)));
    expect([...withHidden.keys()].sort()).toEqual([...without.keys()].sort());
    for (const [path, page] of withHidden) {
      const other = without.get(path) as Crawled;
      expect(page.status, path).toBe(other.status);
      expect(page.text, path).toBe(other.text);
      expect(page.headers.get('etag'), path).toBe(other.headers.get('etag'));
      expect(page.headers.get('last-modified'), path).toBe(other.headers.get('last-modified'));
      expect(headersOf(page), path).toEqual(headersOf(other));
    }
  });

  it('shorten max-age to the next go-live: the one header that differs, and why it is left out above', async () => {
    const app = await appWith(sources({ ...visibleArticles(), ...hiddenArticles() }, SITE_YAML), movableClock(NOW));
    const res = await app.request('/rss.xml');
    expect(res.headers.get('cache-control')).toMatch(/max-age=120\b/);
  });

  it('answer their own URLs exactly as URLs that never existed', async () => {
    const withHidden = await appWith(
      sources({ ...visibleArticles(), ...hiddenArticles() }, SITE_YAML),
      movableClock(NOW),
    );
    const without = await appWith(sources(visibleArticles(), SITE_YAML), movableClock(NOW));
    for (const path of [
      '/articles/2024/zqsoonslug',
      '/articles/2029/zqlaterslug',
      '/articles/2024/zqdraftslug',
      '/tags/zqdrafttag/rss.xml',
      '/authors/zqdraftauthor/atom.xml',
    ]) {
      const [a, b] = [await withHidden.request(path), await without.request(path)];
      expect(a.status, path).toBe(404);
      expect(await a.text(), path).toBe(await b.text());
    }
  });

  it('answer a tag used only by scheduled articles as an unknown one, and link it nowhere (README)', async () => {
    const app = await appWith(sources({ ...visibleArticles(), ...hiddenArticles() }, SITE_YAML), movableClock(NOW));
    const res = await app.request('/tags/zqlatertag/feed.json');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/zqlater(?!tag\/)/);
    const linked = [...(await crawl(app)).keys()].filter((p) => p.includes('zqlatertag'));
    expect(linked).toEqual([]);
  });

  it('appear once the clock passes their date; drafts never do', async () => {
    const clock = movableClock(NOW);
    const app = await appWith(sources({ ...visibleArticles(), ...hiddenArticles() }, SITE_YAML), clock);
    clock.set('2024-06-01T12:02:01Z');
    let text = [...(await crawl(app)).values()].map((p) => p.text).join('\n');
    expect(markersIn(text)).toEqual(
      expect.arrayContaining(['zqsoontitle', 'zqsoonslug', 'zqsoontag', 'zqsoonauthor', 'zqsoonid', 'zqsoonbody']),
    );
    // The article now published links to the draft's URL (a 404): the link is there, the draft is not.
    const draftOrLater = (m: string) => (m.startsWith('zqdraft') && m !== 'zqdraftslug') || m.startsWith('zqlater');
    expect(markersIn(text).filter(draftOrLater)).toEqual([]);
    const rss = readFeed('rss', await (await app.request('/rss.xml')).text());
    expect(rss.titles[0]).toBe('zqsoontitle');

    clock.set('2030-01-01T00:00:01Z');
    text = [...(await crawl(app)).values()].map((p) => p.text).join('\n');
    expect(markersIn(text)).toEqual(expect.arrayContaining(['zqlatertitle', 'zqlatertag', 'zqlaterauthor']));
    expect(markersIn(text).filter((m) => m.startsWith('zqdraft') && m !== 'zqdraftslug')).toEqual([]);
    expect((await app.request('/articles/2024/zqdraftslug')).status).toBe(404);
  });
});
