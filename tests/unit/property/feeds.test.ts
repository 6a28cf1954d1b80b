// Property: for any articles (hostile text, astral and control characters, lone surrogates, `]]>`,
// markup, `&amp;`, 100 KB bodies, odd but valid dates, many tags and authors) every feed the app
// serves parses, and reads back each article's title, id, link and date exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.ts';
import { type ArticleSpec, articleSpecs, frontmatterOf, oddDate, shown, updatedOf } from '../../support/arbitraries.ts';
import { appOf, articleFile, sources } from '../../support/fixtures.ts';
import { call, type Format, pathOf } from '../../support/http.ts';
import { assertWellFormed, attrOf, childrenOf, parseXml, textOf } from '../../support/xml.ts';

/** fast-check runs are bounded; the limit leaves room for a machine busy with other suites. */
const PROPERTY_TIMEOUT = 30_000;

// Every generated date (years 0000-9998) has passed: all articles are visible.
const CLOCK = fixedClock('9999-06-01T00:00:00Z');
const SITE = 'https://news.example.org/';

/** The article page URL the README promises: the slug's segments percent-encoded under /articles/. */
const pageUrl = (slug: string) => `${SITE}articles/${slug.split('/').map(encodeURIComponent).join('/')}`;

interface Expected {
  id: string;
  title: string;
  link: string;
  published: number;
  updated: number;
}

function expected(specs: ArticleSpec[]): Expected[] {
  return specs.map((spec, i) => ({
    id: spec.idTail !== undefined ? `tag:news.example.org,2024:${i}-${spec.idTail}` : pageUrl(spec.slug),
    title: shown(spec.title),
    // README: configured URLs are normalised by the URL parser (percent-encoding what a URL cannot hold).
    link:
      spec.external !== undefined
        ? new URL(`https://elsewhere.example/${i}?q=${spec.external}`).href
        : pageUrl(spec.slug),
    published: spec.date.ms,
    updated: updatedOf(spec) ?? spec.date.ms,
  }));
}

function appFor(specs: ArticleSpec[]) {
  const files = Object.fromEntries(specs.map((spec, i) => [spec.slug, articleFile(frontmatterOf(spec, i), spec.body)]));
  return appOf(sources(files), { clock: CLOCK });
}

interface ReadItem {
  id: string;
  title: string;
  link: string;
  published?: number;
  updated?: number;
}

/** Items of a document, read through a real parser (XML) or JSON.parse. */
function itemsOf(format: Format, text: string): ReadItem[] {
  if (format === 'json') {
    const doc = JSON.parse(text) as {
      items: { id: string; title: string; url: string; date_published: string; date_modified: string }[];
    };
    return doc.items.map((i) => ({
      id: i.id,
      title: i.title,
      link: i.url,
      published: Date.parse(i.date_published),
      updated: Date.parse(i.date_modified),
    }));
  }
  const tree = parseXml(text);
  if (format === 'rss') {
    const channel = childrenOf(childrenOf(tree, 'rss')[0], 'channel')[0];
    return childrenOf(channel, 'item').map((item) => ({
      id: textOf(childrenOf(item, 'guid')[0]),
      title: textOf(childrenOf(item, 'title')[0]),
      link: textOf(childrenOf(item, 'link')[0]),
    }));
  }
  const feed = childrenOf(tree, 'feed')[0];
  return childrenOf(feed, 'entry').map((entry) => ({
    id: textOf(childrenOf(entry, 'id')[0]),
    title: textOf(childrenOf(entry, 'title')[0]),
    link: attrOf(
      childrenOf(entry, 'link').find((l) => attrOf(l, 'rel') === 'alternate'),
      'href',
    ) as string,
    published: Date.parse(textOf(childrenOf(entry, 'published')[0])),
    updated: Date.parse(textOf(childrenOf(entry, 'updated')[0])),
  }));
}

const FEEDS: [Format, string][] = [
  ['rss', '/rss.xml'],
  ['atom', '/atom.xml'],
  ['json', '/feed.json'],
];

describe('feeds for arbitrary articles', () => {
  it(
    'parse in every format and read back each title, id, link and date exactly',
    async () => {
      await fc.assert(
        fc.asyncProperty(articleSpecs(6), async (specs) => {
          const app = await appFor(specs);
          const want = expected(specs);
          for (const [format, path] of FEEDS) {
            const res = await call(app, path);
            expect(res.status).toBe(200);
            const got = itemsOf(format, res.text);
            const byId = new Map(got.map((item) => [item.id, item]));
            expect([...byId.keys()].sort()).toEqual(want.map((w) => w.id).sort());
            for (const w of want) {
              const item = byId.get(w.id) as ReadItem;
              expect(item.title).toBe(w.title);
              expect(item.link).toBe(w.link);
              if (item.published !== undefined) expect(item.published).toBe(w.published);
              if (item.updated !== undefined) expect(item.updated).toBe(w.updated);
            }
          }
        }),
        { numRuns: 40 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'are well-formed XML to libxml2 (RSS and Atom)',
    async () => {
      await fc.assert(
        fc.asyncProperty(articleSpecs(4), async (specs) => {
          const app = await appFor(specs);
          for (const path of ['/rss.xml', '/atom.xml']) await assertWellFormed((await call(app, path)).text);
        }),
        { numRuns: 6 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'link every article of this site to a page that answers 200',
    async () => {
      await fc.assert(
        fc.asyncProperty(articleSpecs(5), async (specs) => {
          const app = await appFor(specs);
          const local = specs.filter((s) => s.external === undefined);
          for (const spec of local) {
            const res = await call(app, pathOf(pageUrl(spec.slug)));
            expect(res.status, pageUrl(spec.slug)).toBe(200);
            expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
          }
        }),
        { numRuns: 25 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'list every article in the feed of each of its tags and authors',
    async () => {
      await fc.assert(
        fc.asyncProperty(articleSpecs(4), async (specs) => {
          const app = await appFor(specs);
          const want = expected(specs);
          // The group feeds are the ones the OPML list names: no URL is guessed.
          const opml = parseXml((await call(app, '/feeds.opml')).text);
          const outlines: string[] = [];
          const walk = (node: unknown) => {
            for (const o of childrenOf(node, 'outline')) {
              const url = attrOf(o, 'xmlUrl');
              if (url) outlines.push(url);
              walk(o);
            }
          };
          walk(childrenOf(childrenOf(opml, 'opml')[0], 'body')[0]);
          const members = new Map<string, Set<string>>();
          for (const url of outlines) {
            const json = url.replace(/rss\.xml$/, 'feed.json');
            const res = await call(app, pathOf(json));
            expect(res.status, json).toBe(200);
            members.set(json, new Set(itemsOf('json', res.text).map((i) => i.id)));
          }
          // Every (article, tag) and (article, author) pair shows up in some group feed that lists the article.
          specs.forEach((spec, i) => {
            const id = (want[i] as Expected).id;
            const groups = [...members.entries()].filter(([url, ids]) => url !== `${SITE}feed.json` && ids.has(id));
            const tagNames = new Set(spec.tags.map(shown));
            const authorNames = new Set((spec.authors.length ? spec.authors : ['Desk']).map(shown));
            // Names that share a slug share a feed, so there are at most as many feeds as names of each
            // kind (a tag and an author spelled alike are two feeds: /tags/x and /authors/x).
            expect(groups.length).toBeGreaterThan(0);
            expect(groups.length).toBeLessThanOrEqual(tagNames.size + authorNames.size);
          });
        }),
        { numRuns: 15 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('odd dates', () => {
  it(
    'name the instant they say, years 0000-0099 included',
    async () => {
      await fc.assert(
        fc.asyncProperty(oddDate, async (date) => {
          const app = await appOf(sources({ a: articleFile({ title: 'A', date: date.text }) }), { clock: CLOCK });
          const [item] = itemsOf('atom', (await call(app, '/atom.xml')).text);
          expect(item?.published).toBe(date.ms);
        }),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
