// The feed set end to end through app.request: pages (RFC 5005 section 3) and archives (section 4)
// together hold every visible article once, full archives never change and are cached for a year,
// fh:complete / fh:archive, every document valid, tag and author feeds, the byte budget, enclosures.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/app/config.ts';
import type { Sources } from '../../src/content/load.ts';
import { validateAtom } from '../support/atom.ts';
import { appOf, articleFile, SITE, siteYaml, sources } from '../support/fixtures.ts';
import { directives, FILES, FORMATS, type Format, get, pathOf } from '../support/http.ts';
import { validateJsonFeed } from '../support/json-feed.ts';
import { checkRssProfile } from '../support/rss.ts';
import { assertWellFormed, attrOf, childrenOf, parseXml, textOf, type XmlNode } from '../support/xml.ts';

type App = Awaited<ReturnType<typeof appOf>>;

const ITEMS = 2;
const BASE = SITE.url;

/** Nine visible articles A1 (oldest) .. A9, a draft, a scheduled one; `extra` adds a newer A10. */
function setSources(extra = false): Sources {
  const day = (n: number) => `2024-01-${String(n).padStart(2, '0')}T09:00:00Z`;
  const articles: Record<string, string> = {
    a1: articleFile({ title: 'A1', date: day(1), tags: ['Politics', 'Économie'], author: 'Ann' }),
    a2: articleFile({ title: 'A2', date: day(2), tags: ['Politics'], author: ['Ann', 'Bo'] }),
    // The same tag decomposed (NFD): one feed with the others.
    a3: articleFile({ title: 'A3', date: day(3), tags: ['E\u0301conomie'], author: 'Bo' }),
    a4: articleFile({ title: 'A4', date: day(4), tags: ['économie', 'North Korea'], author: 'Cy' }),
    a5: articleFile({ title: 'A5', date: day(5), tags: ['North Korea'], author: 'Ann' }),
    a6: articleFile({ title: 'A6', date: day(6), tags: ['Politics', 'North Korea'], author: ['Bo', 'Cy'] }),
    a7: articleFile({ title: 'A7', date: day(7) }),
    a8: articleFile({
      title: 'A8',
      date: day(8),
      tags: ['Politics'],
      author: ['Ann', 'Bo'],
      image: 'https://cdn.example.org/a8.jpg',
      enclosure: { url: 'https://cdn.example.org/a8.mp3', type: 'audio/mpeg', length: 123456 },
    }),
    a9: articleFile({ title: 'A9', date: day(9), tags: ['Solo'], author: 'Dee' }),
    draft: articleFile({ title: 'Draft', date: day(5), draft: true, tags: ['Politics', 'Secret'] }),
    scheduled: articleFile({
      title: 'Scheduled',
      date: '2024-12-01T00:00:00Z',
      tags: ['Politics', 'Later'],
      author: 'Ann',
    }),
  };
  if (extra) articles.a10 = articleFile({ title: 'A10', date: '2024-02-01T00:00:00Z', tags: ['Politics'] });
  return sources(
    articles,
    siteYaml({ authors: { Ann: { email: 'ann@news.example.org' }, Bo: { url: 'https://bo.example.org/' } } }),
  );
}

/** Visible titles, newest first. */
const VISIBLE = ['A9', 'A8', 'A7', 'A6', 'A5', 'A4', 'A3', 'A2', 'A1'];
const POLITICS = ['A8', 'A6', 'A2', 'A1'];

const setApp = (extra = false) => appOf(setSources(extra), { config: { items: ITEMS } });

/** Feed bases with their visible titles: every listed feed of the set. */
const FEEDS: Record<string, string[]> = {
  '': VISIBLE,
  'tags/politics/': POLITICS,
  'tags/%C3%A9conomie/': ['A4', 'A3', 'A1'],
  'tags/north-korea/': ['A6', 'A5', 'A4'],
  'tags/solo/': ['A9'],
  'authors/ann/': ['A8', 'A5', 'A2', 'A1'],
  'authors/bo/': ['A8', 'A6', 'A3', 'A2'],
  'authors/cy/': ['A6', 'A4'],
  'authors/dee/': ['A9'],
};

interface Doc {
  title: string;
  items: { title: string; full: boolean; node: XmlNode }[];
  /** rel -> href; JSON Feed has only self (feed_url) and next (next_url). */
  links: Record<string, string>;
  complete: boolean;
  archive: boolean;
}

/** Reads any format's document back from its parsed structure. */
function readDoc(format: Format, text: string): Doc {
  if (format === 'json') {
    const doc = JSON.parse(text) as { title: string; feed_url: string; next_url?: string; items: XmlNode[] };
    return {
      title: doc.title,
      items: doc.items.map((i) => ({ title: i.title as string, full: 'content_html' in i, node: i })),
      links: { self: doc.feed_url, ...(doc.next_url ? { next: doc.next_url } : {}) },
      complete: false,
      archive: false,
    };
  }
  const tree = parseXml(text);
  const root = format === 'rss' ? (childrenOf(childrenOf(tree, 'rss')[0], 'channel')[0] as XmlNode) : tree.feed;
  const links: Record<string, string> = {};
  for (const l of childrenOf(root, format === 'rss' ? 'atom:link' : 'link')) {
    const rel = attrOf(l, 'rel') ?? 'alternate';
    expect(links[rel], `one ${rel} link`).toBeUndefined();
    links[rel] = attrOf(l, 'href') ?? '';
  }
  const entries = childrenOf(root, format === 'rss' ? 'item' : 'entry');
  return {
    title: textOf(childrenOf(root, 'title')[0]),
    items: entries.map((e) => ({
      title: textOf(childrenOf(e, 'title')[0]),
      full: childrenOf(e, format === 'rss' ? 'content:encoded' : 'content').length > 0,
      node: e,
    })),
    links,
    complete: 'fh:complete' in root,
    archive: 'fh:archive' in root,
  };
}

async function fetchDoc(app: App, format: Format, url: string) {
  const res = await get(app, pathOf(url));
  expect(res.status, url).toBe(200);
  return { res, doc: readDoc(format, res.text) };
}

/** Follows `rel` links from `start`; returns each document's titles. Stops after 30 documents. */
async function follow(app: App, format: Format, start: string, rel: string): Promise<{ url: string; doc: Doc }[]> {
  const out: { url: string; doc: Doc }[] = [];
  let url: string | undefined = start;
  while (url && out.length < 30) {
    const { doc } = await fetchDoc(app, format, url);
    out.push({ url, doc });
    url = doc.links[rel];
  }
  return out;
}

const titles = (docs: { doc: Doc }[]) => docs.flatMap((d) => d.doc.items.map((i) => i.title));
const feedAt = (base: string, format: Format) => `${BASE}${base}${FILES[format]}`;
const archiveAt = (base: string, format: Format, n: number) => `${BASE}${base}archive/${n}/${FILES[format]}`;

async function problems(format: Format, text: string): Promise<string[]> {
  if (format === 'json') return validateJsonFeed(text);
  if (format === 'atom') return validateAtom(text);
  await assertWellFormed(text);
  return checkRssProfile(text);
}

describe('paged feeds (RFC 5005 section 3)', () => {
  it.each(FORMATS)('following next from page 1 visits every visible article once, newest first (%s)', async (f) => {
    const pages = await follow(await setApp(), f, feedAt('', f), 'next');
    // Nine articles, two a page: the subscription document keeps three, then a page per archive's run.
    expect(pages.map((p) => p.doc.items.length)).toEqual([3, 2, 2, 2]);
    expect(titles(pages)).toEqual(VISIBLE);
    expect(pages.map((p) => p.url)).toEqual([1, 2, 3, 4].map((n) => feedAt('', f) + (n > 1 ? `?page=${n}` : '')));
  });

  it.each(FORMATS)('pages every tag and author feed without overlap or gap (%s)', async (f) => {
    const app = await setApp();
    for (const [base, expected] of Object.entries(FEEDS)) {
      expect(titles(await follow(app, f, feedAt(base, f), 'next')), base).toEqual(expected);
    }
  });
});

describe('archived feeds (RFC 5005 section 4)', () => {
  it.each(['rss', 'atom'] as const)(
    'prev-archive leads from the current feed through every archive to the oldest, each item once (%s)',
    async (f) => {
      const app = await setApp();
      const current = await fetchDoc(app, f, feedAt('', f));
      const chain = await follow(app, f, current.doc.links['prev-archive'] as string, 'prev-archive');
      expect(chain.map((c) => c.url)).toEqual([3, 2, 1].map((n) => archiveAt('', f, n)));
      // The current document and the archives hold disjoint runs; together, every visible article.
      expect(titles([current, ...chain])).toEqual(VISIBLE);
      for (const { doc } of chain) {
        expect(doc.items).toHaveLength(ITEMS);
        expect(doc.links.current).toBe(feedAt('', f));
        expect(doc.links['next-archive']).toBeUndefined();
      }
    },
  );

  it('JSON Feed archives, found by number (JSON Feed has no archive links), hold the older articles once', async () => {
    const app = await setApp();
    const docs = [await fetchDoc(app, 'json', feedAt('', 'json'))];
    for (let n = 3; n >= 1; n--) docs.push(await fetchDoc(app, 'json', archiveAt('', 'json', n)));
    expect(docs.flatMap((d) => d.doc.items.map((i) => i.title))).toEqual(VISIBLE);
    expect((await get(app, pathOf(archiveAt('', 'json', 4)))).status).toBe(404);
  });

  it.each(['rss', 'atom'] as const)(
    'archives every tag and author feed, the current document and its archives holding its visible set (%s)',
    async (f) => {
      const app = await setApp();
      for (const [base, expected] of Object.entries(FEEDS)) {
        const current = await fetchDoc(app, f, feedAt(base, f));
        const start = current.doc.links['prev-archive'];
        // Fewer than two runs of items: the current document holds them all, and there is no archive.
        if (expected.length < 2 * ITEMS) {
          expect(start, base).toBeUndefined();
          expect(titles([current]), base).toEqual(expected);
          continue;
        }
        const chain = await follow(app, f, start as string, 'prev-archive');
        expect(titles([current, ...chain]), base).toEqual(expected);
      }
    },
  );

  it.each(FORMATS)(
    'publishes only complete archives, byte-identical with the same ETag when newer articles appear (%s)',
    async (f) => {
      const before = await setApp();
      const after = await setApp(true);
      for (const n of [1, 2, 3]) {
        const a = await get(before, pathOf(archiveAt('', f, n)));
        const b = await get(after, pathOf(archiveAt('', f, n)));
        expect(readDoc(f, a.text).items, `archive ${n}`).toHaveLength(ITEMS);
        expect(b.headers.get('etag'), `archive ${n}`).toBe(a.headers.get('etag'));
        expect(b.text, `archive ${n}`).toBe(a.text);
      }
      // The tenth article completes a fourth run: a new archive, none of the old ones touched.
      expect((await get(before, pathOf(archiveAt('', f, 4)))).status).toBe(404);
      const a4 = await get(after, pathOf(archiveAt('', f, 4)));
      expect(readDoc(f, a4.text).items.map((i) => i.title)).toEqual(['A8', 'A7']);
    },
  );

  it.each(FORMATS)('caches every archive as immutable for a year, and the current feed not (%s)', async (f) => {
    const app = await setApp();
    for (const path of [1, 2, 3].map((n) => archiveAt('', f, n)).concat(archiveAt('tags/politics/', f, 1))) {
      const cc = directives((await get(app, pathOf(path))).headers.get('cache-control'));
      expect(cc.get('immutable'), path).toBe(true);
      expect(cc.get('max-age'), path).toBe(31536000);
    }
    const cc = directives((await get(app, pathOf(feedAt('', f)))).headers.get('cache-control'));
    expect(cc.has('immutable')).toBe(false);
    expect(cc.get('max-age')).toBeLessThan(31536000);
  });

  it.each(['rss', 'atom'] as const)('marks archive documents with fh:archive and nothing else (%s)', async (f) => {
    const app = await setApp();
    for (const n of [1, 3]) expect((await fetchDoc(app, f, archiveAt('', f, n))).doc.archive).toBe(true);
    expect((await fetchDoc(app, f, feedAt('', f))).doc.archive).toBe(false);
    expect((await fetchDoc(app, f, `${feedAt('', f)}?page=2`)).doc.archive).toBe(false);
  });

  it.each(['rss', 'atom'] as const)(
    'says fh:complete only when the whole feed fits in one document (%s)',
    async (f) => {
      const app = await setApp();
      expect((await fetchDoc(app, f, feedAt('tags/solo/', f))).doc.complete).toBe(true);
      expect((await fetchDoc(app, f, feedAt('authors/cy/', f))).doc.complete).toBe(true);
      expect((await fetchDoc(app, f, feedAt('tags/north-korea/', f))).doc.complete).toBe(true);
      expect((await fetchDoc(app, f, feedAt('', f))).doc.complete).toBe(false);
      expect((await fetchDoc(app, f, feedAt('tags/politics/', f))).doc.complete).toBe(false);
      expect((await fetchDoc(app, f, archiveAt('', f, 1))).doc.complete).toBe(false);
    },
  );
});

describe('every document of the set', () => {
  // libxml2 in WebAssembly takes ~100 ms a document: give the two dozen documents time.
  it.each(FORMATS)('validates: every page and archive of every listed feed (%s)', { timeout: 60_000 }, async (f) => {
    const app = await setApp();
    const found: Record<string, string[]> = {};
    let count = 0;
    for (const [base, expected] of Object.entries(FEEDS)) {
      const urls = (await follow(app, f, feedAt(base, f), 'next')).map((p) => p.url);
      const archives = Math.max(0, Math.floor(expected.length / ITEMS) - 1);
      for (let n = 1; n <= archives; n++) urls.push(archiveAt(base, f, n));
      for (const url of urls) {
        const res = await get(app, pathOf(url));
        count++;
        const errors = await problems(f, res.text);
        if (errors.length) found[url] = errors;
      }
    }
    expect(found).toEqual({});
    expect(count).toBeGreaterThan(20);
  });
});

describe('tag and author feeds', () => {
  it.each(FORMATS)('title a tag feed "<site title>: <tag>" (%s)', async (f) => {
    const { doc } = await fetchDoc(await setApp(), f, feedAt('tags/north-korea/', f));
    expect(doc.title).toBe(`${SITE.title}: North Korea`);
  });

  it.each(FORMATS)('title an author feed "<site title>: <author>" (%s)', async (f) => {
    const { doc } = await fetchDoc(await setApp(), f, feedAt('authors/ann/', f));
    expect(doc.title).toBe(`${SITE.title}: Ann`);
  });

  it.each(FORMATS)('serve Économie, économie and its NFD spelling as one percent-encoded feed (%s)', async (f) => {
    const pages = await follow(await setApp(), f, feedAt('tags/%C3%A9conomie/', f), 'next');
    expect(titles(pages)).toEqual(['A4', 'A3', 'A1']);
    const { doc } = pages[0] as { doc: Doc };
    expect(doc.links.self).toBe(feedAt('tags/%C3%A9conomie/', f));
    expect(doc.title.normalize('NFC').toLowerCase()).toBe(`${SITE.title}: économie`.toLowerCase());
  });

  it('answers 404 for a tag nobody uses and for a tag only a draft uses', async () => {
    const app = await setApp();
    expect((await get(app, '/tags/nothing/rss.xml')).status).toBe(404);
    expect((await get(app, '/tags/secret/rss.xml')).status).toBe(404);
  });

  it.each(FORMATS)('answers a tag whose only article is scheduled with 404, as an unknown tag (%s)', async (f) => {
    const res = await get(await setApp(), `/tags/later/${FILES[f]}`);
    expect(res.status).toBe(404);
    expect(res.text).toBe((await get(await setApp(), `/tags/no-such/${FILES[f]}`)).text.replace('no-such', 'later'));
  });
});

/** Five articles whose bodies are `count` copies of `paragraph`. */
function bulkySources(paragraph: string, count: number): Sources {
  const articles: Record<string, string> = {};
  for (let i = 1; i <= 5; i++) {
    articles[`b${i}`] = articleFile(
      { title: `B${i}`, date: `2024-03-0${i}T00:00:00Z`, summary: `Summary of B${i}.` },
      `${Array.from({ length: count }, () => paragraph).join('\n\n')}\n`,
    );
  }
  return sources(articles);
}

const BUDGET = 12_000;
const PROSE = 'Plain prose about the news of the day, long enough to weigh something in a feed document. '.repeat(3);
// Markup-dense and CJK bodies: escaping (<b> is 9 bytes in XML) and UTF-8 (3 bytes a character) make
// their bytes outgrow their characters.
const MARKUP = Array.from({ length: 30 }, (_, i) => `*e${i}* <b>x</b>`).join(' ');
const CJK = '今日のニュース、長い日本語の文章はUTF-8で三倍の重さになります。'.repeat(6);

describe('the byte budget (FEED_MAX_BYTES)', () => {
  for (const [kind, paragraph, count] of [
    ['prose', PROSE, 12],
    ['markup-dense', MARKUP, 2],
    ['CJK', CJK, 4],
  ] as const) {
    it.each(FORMATS)(
      `keeps a page of ${kind} bodies under the budget, valid, trimming the oldest first (%s)`,
      async (f) => {
        const app = await appOf(bulkySources(paragraph, count), { config: { items: 5, maxFeedBytes: BUDGET } });
        const res = await get(app, `/${FILES[f]}`);
        expect(await problems(f, res.text)).toEqual([]);
        const full = readDoc(f, res.text).items.map((i) => i.full);
        // Newest items keep their bodies; once one gives way, every older one does too.
        expect(full[0]).toBe(true);
        const firstTrimmed = full.indexOf(false);
        if (firstTrimmed >= 0) expect(full.slice(firstTrimmed).every((x) => !x)).toBe(true);
        // The whole document, in bytes as sent, fits the budget.
        expect(res.bytes.byteLength).toBeLessThanOrEqual(BUDGET);
      },
    );
  }

  it.each(FORMATS)(
    'trims a page of prose that would exceed the budget, and says what each trimmed item is about (%s)',
    async (f) => {
      const app = await appOf(bulkySources(PROSE, 12), { config: { items: 5, maxFeedBytes: BUDGET } });
      const { items } = readDoc(f, (await get(app, `/${FILES[f]}`)).text);
      const last = items.at(-1) as Doc['items'][number];
      expect(last.full).toBe(false);
      // RSS description, Atom summary, JSON Feed content_text (1.1 requires content_html or content_text).
      const summary =
        f === 'json'
          ? last.node.content_text
          : textOf(childrenOf(last.node, f === 'rss' ? 'description' : 'summary')[0]);
      expect(summary).toBe('Summary of B1.');
    },
  );

  it.each(FORMATS)('keeps every full body under the default budget (%s)', async (f) => {
    const app = await appOf(bulkySources(PROSE, 12), {
      config: { items: 5, maxFeedBytes: defaultConfig.maxFeedBytes },
    });
    expect(readDoc(f, (await get(app, `/${FILES[f]}`)).text).items.every((i) => i.full)).toBe(true);
  });
});

describe('enclosures, images and several authors', () => {
  const a8 = async (f: Format) => {
    const { doc } = await fetchDoc(await setApp(), f, feedAt('', f));
    return doc.items.find((i) => i.title === 'A8')?.node as XmlNode;
  };

  it('RSS: one enclosure with url, length and type, a media:thumbnail, and a dc:creator per author', async () => {
    const item = await a8('rss');
    const [enclosure, ...more] = childrenOf(item, 'enclosure');
    expect(more).toEqual([]);
    expect([attrOf(enclosure, 'url'), attrOf(enclosure, 'length'), attrOf(enclosure, 'type')]).toEqual([
      'https://cdn.example.org/a8.mp3',
      '123456',
      'audio/mpeg',
    ]);
    expect(attrOf(childrenOf(item, 'media:thumbnail')[0], 'url')).toBe('https://cdn.example.org/a8.jpg');
    expect(childrenOf(item, 'dc:creator').map(textOf)).toEqual(['Ann', 'Bo']);
    expect(childrenOf(item, 'author').map(textOf)).toEqual(['ann@news.example.org (Ann)']);
  });

  it('Atom: an enclosure link with type and length, a media:thumbnail, and an author element per author', async () => {
    const entry = await a8('atom');
    const enclosures = childrenOf(entry, 'link').filter((l) => attrOf(l, 'rel') === 'enclosure');
    expect(enclosures.map((l) => [attrOf(l, 'href'), attrOf(l, 'type'), attrOf(l, 'length')])).toEqual([
      ['https://cdn.example.org/a8.mp3', 'audio/mpeg', '123456'],
    ]);
    expect(attrOf(childrenOf(entry, 'media:thumbnail')[0], 'url')).toBe('https://cdn.example.org/a8.jpg');
    expect(childrenOf(entry, 'author').map((a) => textOf(childrenOf(a, 'name')[0]))).toEqual(['Ann', 'Bo']);
    expect(textOf(childrenOf(childrenOf(entry, 'author')[0], 'email')[0])).toBe('ann@news.example.org');
    expect(textOf(childrenOf(childrenOf(entry, 'author')[1], 'uri')[0])).toBe('https://bo.example.org/');
  });

  it('JSON Feed: an attachment with mime_type and size_in_bytes, an image, and every author', async () => {
    const item = await a8('json');
    expect(item.attachments).toEqual([
      { url: 'https://cdn.example.org/a8.mp3', mime_type: 'audio/mpeg', size_in_bytes: 123456 },
    ]);
    expect(item.image).toBe('https://cdn.example.org/a8.jpg');
    expect(item.authors).toEqual([{ name: 'Ann' }, { name: 'Bo', url: 'https://bo.example.org/' }]);
  });
});
