// The HTML pages and the OPML list through app.request: what the home page lists, article pages with
// their canonical link and autodiscovery, OPML 2.0 whose every feed answers, the security headers,
// 304, and a structural check of the HTML (parsed with a strict tokenizer, never string-matched).
import { describe, expect, it } from 'vitest';
import type { Sources } from '../../src/content/load.ts';
import { appOf, articleFile, NOW, SITE, siteYaml, sources } from '../support/fixtures.ts';
import {
  elements,
  type HtmlElement,
  type ParsedHtml,
  parseHtml,
  skeletonProblems,
  textContent,
} from '../support/html.ts';
import { FILES, FORMATS, get, movableClock, pathOf, readFeed, TYPES } from '../support/http.ts';
import { checkRssProfile } from '../support/rss.ts';
import { assertWellFormed, attrOf, childrenOf, parseXml, textOf, type XmlNode } from '../support/xml.ts';

const BASE = SITE.url;
const EXTERNAL = 'https://elsewhere.example.com/2024/beta.html';

/** Three visible articles (one external, one with a unicode tag), a draft and a scheduled article. */
function pageSources(extra: Record<string, string> = {}): Sources {
  return sources(
    {
      '2024/alpha': articleFile(
        { title: 'Alpha', date: '2024-03-01T10:00:00Z', tags: ['Politics', 'Asia'], author: 'Ann' },
        'Alpha body with a [link](https://example.com/?a=1&b=2).\n',
      ),
      '2024/beta': articleFile({
        title: 'Beta',
        date: '2024-04-01T10:00:00Z',
        tags: ['Politics'],
        author: ['Ann', 'Bo'],
        url: EXTERNAL,
      }),
      '2024/gamma': articleFile({ title: 'Gamma', date: '2024-05-01T10:00:00Z', tags: ['Économie'] }),
      '2024/draft': articleFile({ title: 'Draft', date: '2024-02-01', draft: true, tags: ['Secret'], author: 'Eve' }),
      '2024/future': articleFile({
        title: 'Future',
        date: '2024-07-01T08:00:00Z',
        tags: ['Future only'],
        author: 'Zed',
      }),
      ...extra,
    },
    siteYaml({ copyright: '© 2024 Herald Test News', authors: { Ann: { email: 'ann@news.example.org' } } }),
  );
}

/** Feed bases listed at NOW: site, visible tags, visible authors (an article without author has the site's). */
const LISTED = [
  '',
  'tags/asia/',
  'tags/politics/',
  'tags/%C3%A9conomie/',
  'authors/ann/',
  'authors/bo/',
  'authors/desk/',
];
const EVERY_FEED = LISTED.flatMap((b) => FORMATS.map((f) => `${BASE}${b}${FILES[f]}`)).sort();
const SITE_FEEDS = FORMATS.map((f) => `${BASE}${FILES[f]}`);

type App = Awaited<ReturnType<typeof appOf>>;

async function page(app: App, path: string): Promise<{ html: ParsedHtml; headers: Headers; status: number }> {
  const res = await get(app, path);
  return { html: parseHtml(res.text), headers: res.headers, status: res.status };
}

const head = (p: ParsedHtml) => elements(p.document, 'head')[0] as HtmlElement;
const linksRel = (p: ParsedHtml, rel: string) => elements(head(p), 'link').filter((l) => l.attrs.rel === rel);
const hrefs = (p: ParsedHtml) => elements(p.document, 'a').map((a) => a.attrs.href ?? '');

describe('GET /', () => {
  it('lists the latest visible articles, newest first, linking their pages', async () => {
    const app = await appOf(pageSources());
    const { html } = await page(app, '/');
    const list = elements(html.document, 'ul').find((u) => u.attrs.class === 'articles') as HtmlElement;
    const entries = elements(list, 'li').map((li) => elements(li, 'a')[0] as HtmlElement);
    expect(entries.map(textContent)).toEqual(readFeed('rss', (await get(app, '/rss.xml')).text).titles);
    expect(entries.map((a) => a.attrs.href)).toEqual([
      `${BASE}articles/2024/gamma`,
      `${BASE}articles/2024/beta`,
      `${BASE}articles/2024/alpha`,
    ]);
  });

  it('lists no more articles than a feed document holds', async () => {
    const { html } = await page(await appOf(pageSources(), { config: { items: 2 } }), '/');
    const list = elements(html.document, 'ul').find((u) => u.attrs.class === 'articles') as HtmlElement;
    expect(elements(list, 'li')).toHaveLength(2);
  });

  it('links every listed feed in all three formats, and the OPML list', async () => {
    const { html } = await page(await appOf(pageSources()), '/');
    const feedLinks = hrefs(html).filter((h) => /\/(rss\.xml|atom\.xml|feed\.json)$/.test(h));
    expect([...new Set(feedLinks)].sort()).toEqual(EVERY_FEED);
    expect(hrefs(html)).toContain(`${BASE}feeds.opml`);
  });

  it('mentions nothing of drafts or scheduled articles: no title, tag or author', async () => {
    const res = await get(await appOf(pageSources()), '/');
    const text = textContent(parseHtml(res.text).document);
    for (const hidden of ['Draft', 'Future', 'Secret', 'Eve', 'Zed'])
      expect(text).not.toMatch(new RegExp(`\\b${hidden}\\b`));
    expect(hrefs(parseHtml(res.text))).not.toContainEqual(expect.stringMatching(/future|secret|zed|eve/));
  });

  it('has rel=alternate autodiscovery for the three site feeds with their media types', async () => {
    const { html } = await page(await appOf(pageSources()), '/');
    const alternates = linksRel(html, 'alternate');
    expect(alternates.map((l) => [l.attrs.href, l.attrs.type])).toEqual(
      FORMATS.map((f) => [`${BASE}${FILES[f]}`, TYPES[f].split(';')[0]]),
    );
    for (const l of alternates) expect(l.attrs.title).toBeTruthy();
  });

  it('links its own canonical URL and the stylesheet', async () => {
    const { html } = await page(await appOf(pageSources()), '/');
    expect(linksRel(html, 'canonical').map((l) => l.attrs.href)).toEqual([BASE]);
    expect(linksRel(html, 'stylesheet').map((l) => l.attrs.href)).toEqual(['/style.css']);
  });
});

describe('GET /articles/:slug', () => {
  it('shows the article with its own URL as canonical', async () => {
    const { html, status } = await page(await appOf(pageSources()), '/articles/2024/alpha');
    expect(status).toBe(200);
    expect(textContent(elements(html.document, 'h1')[0] as HtmlElement)).toBe('Alpha');
    expect(linksRel(html, 'canonical').map((l) => l.attrs.href)).toEqual([`${BASE}articles/2024/alpha`]);
  });

  it('names the frontmatter url as canonical for an external article, and links it', async () => {
    const { html } = await page(await appOf(pageSources()), '/articles/2024/beta');
    expect(linksRel(html, 'canonical').map((l) => l.attrs.href)).toEqual([EXTERNAL]);
    expect(hrefs(html)).toContain(EXTERNAL);
  });

  it('has autodiscovery for the site feeds and for each of its tags’ feeds', async () => {
    const { html } = await page(await appOf(pageSources()), '/articles/2024/alpha');
    expect(linksRel(html, 'alternate').map((l) => l.attrs.href)).toEqual([
      ...SITE_FEEDS,
      `${BASE}tags/politics/rss.xml`,
      `${BASE}tags/asia/rss.xml`,
    ]);
  });

  it('links tag feeds that answer, a unicode tag percent-encoded', async () => {
    const app = await appOf(pageSources());
    const { html } = await page(app, '/articles/2024/gamma');
    const tagFeeds = hrefs(html).filter((h) => h.includes('/tags/'));
    expect(tagFeeds).toEqual(FORMATS.map((f) => `${BASE}tags/%C3%A9conomie/${FILES[f]}`));
    for (const href of tagFeeds) expect((await get(app, pathOf(href))).status).toBe(200);
  });

  it.each([
    ['scheduled', '/articles/2024/future'],
    ['draft', '/articles/2024/draft'],
    ['unknown', '/articles/2024/nothing'],
  ])('answers 404 for a %s slug', async (_kind, path) => {
    expect((await get(await appOf(pageSources()), path)).status).toBe(404);
  });

  it('serves a scheduled article once its time has come, with no restart', async () => {
    const clock = movableClock(NOW);
    const app = await appOf(pageSources(), { clock });
    expect((await get(app, '/articles/2024/future')).status).toBe(404);
    clock.set('2024-07-01T08:00:00Z');
    expect((await get(app, '/articles/2024/future')).status).toBe(200);
  });
});

interface Outline {
  node: XmlNode;
  depth: number;
}

function outlines(node: XmlNode, depth = 0): Outline[] {
  return childrenOf(node, 'outline').flatMap((o) => [{ node: o, depth }, ...outlines(o, depth + 1)]);
}

describe('GET /feeds.opml', () => {
  it('is well-formed OPML 2.0 with a title, a date and the owner', async () => {
    const res = await get(await appOf(pageSources()), '/feeds.opml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
    await assertWellFormed(res.text);
    const opml = parseXml(res.text).opml as XmlNode;
    expect(attrOf(opml, 'version')).toBe('2.0');
    const opmlHead = childrenOf(opml, 'head')[0];
    expect(textOf(childrenOf(opmlHead, 'title')[0])).toBe(`${SITE.title}: all feeds`);
    // OPML 2.0 "dateModified": an RFC 822 date; here the newest visible update (Gamma).
    expect(Date.parse(textOf(childrenOf(opmlHead, 'dateModified')[0]))).toBe(Date.parse('2024-05-01T10:00:00Z'));
    expect(textOf(childrenOf(opmlHead, 'ownerName')[0])).toBe(SITE.author.name);
  });

  it('lists every listed feed once, as an RSS outline with text, title, xmlUrl and htmlUrl', async () => {
    const res = await get(await appOf(pageSources()), '/feeds.opml');
    const all = outlines(childrenOf(parseXml(res.text).opml, 'body')[0] as XmlNode);
    // OPML 2.0: every outline has a text attribute, folders included.
    for (const o of all) expect(attrOf(o.node, 'text')).toBeTruthy();
    const feeds = all.filter((o) => attrOf(o.node, 'xmlUrl'));
    expect(feeds.map((o) => attrOf(o.node, 'xmlUrl')).sort()).toEqual(LISTED.map((b) => `${BASE}${b}rss.xml`).sort());
    for (const { node } of feeds) {
      expect(attrOf(node, 'type')).toBe('rss');
      expect(attrOf(node, 'title')).toBe(attrOf(node, 'text'));
      expect(attrOf(node, 'htmlUrl')).toBe(BASE);
    }
  });

  it('names tag and author outlines after the feed they are', async () => {
    const res = await get(await appOf(pageSources()), '/feeds.opml');
    const all = outlines(childrenOf(parseXml(res.text).opml, 'body')[0] as XmlNode);
    const byUrl = new Map(all.map((o) => [attrOf(o.node, 'xmlUrl'), attrOf(o.node, 'text')]));
    expect(byUrl.get(`${BASE}rss.xml`)).toBe(SITE.title);
    expect(byUrl.get(`${BASE}tags/%C3%A9conomie/rss.xml`)).toBe(`${SITE.title}: Économie`);
    expect(byUrl.get(`${BASE}authors/ann/rss.xml`)).toBe(`${SITE.title}: Ann`);
  });

  it('lists only feeds that answer 200 with a valid RSS document', async () => {
    const app = await appOf(pageSources());
    const res = await get(app, '/feeds.opml');
    const urls = outlines(childrenOf(parseXml(res.text).opml, 'body')[0] as XmlNode)
      .map((o) => attrOf(o.node, 'xmlUrl'))
      .filter((u): u is string => !!u);
    expect(urls.length).toBe(LISTED.length);
    for (const url of urls) {
      const feed = await get(app, pathOf(url));
      expect(feed.status, url).toBe(200);
      await assertWellFormed(feed.text);
      expect(checkRssProfile(feed.text), url).toEqual([]);
    }
  });

  it('can be fetched by web readers from another origin', async () => {
    const res = await get(await appOf(pageSources()), '/feeds.opml');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

/** Content-Security-Policy directives: name -> source list. */
function csp(header: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

const HTML_PAGES = ['/', '/articles/2024/alpha', '/articles/2024/beta'];

describe('HTML response headers', () => {
  it.each(HTML_PAGES)('%s has a strict Content-Security-Policy: no script may run, nothing inline', async (path) => {
    const res = await get(await appOf(pageSources()), path);
    const policy = csp(res.headers.get('content-security-policy'));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    // With default-src 'none' and no script-src, no script runs; an explicit script-src must say 'none'.
    expect(policy.get('script-src') ?? ["'none'"]).toEqual(["'none'"]);
    for (const [name, list] of policy) {
      for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*'])
        expect(list, name).not.toContain(bad);
    }
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it.each(HTML_PAGES)('%s carries the other security headers', async (path) => {
    const res = await get(await appOf(pageSources()), path);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  });

  it.each(HTML_PAGES)('%s answers 304 to its own ETag, with the same ETag and no body', async (path) => {
    const app = await appOf(pageSources());
    const first = await get(app, path);
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await get(app, path, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.bytes.byteLength).toBe(0);
  });

  it('gives the home page a new ETag when a scheduled article goes live', async () => {
    const clock = movableClock(NOW);
    const app = await appOf(pageSources(), { clock });
    const before = (await get(app, '/')).headers.get('etag');
    clock.set('2024-07-01T08:00:01Z');
    const after = await get(app, '/', { 'if-none-match': before ?? '' });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });
});

/** Hostile text in every field a page shows: it must stay text. */
function hostileSources(): Sources {
  const evil = `"><script>alert(1)</script><b a='x`;
  return pageSources({
    '2024/hostile': articleFile(
      {
        title: `Title ${evil} & more`,
        date: '2024-05-15T00:00:00Z',
        summary: `Summary ${evil}`,
        tags: [`Tag ${evil}`],
        author: `Author ${evil}`,
      },
      `Body <script>alert(2)</script> <img src="x" onerror="alert(3)"> <a href="javascript:alert(4)">x</a>\n\n<style>p{}</style>\n`,
    ),
  });
}

describe('HTML structure', () => {
  it.each([...HTML_PAGES, '/articles/2024/gamma'])('%s is well-formed with a complete skeleton', async (path) => {
    const { html } = await page(await appOf(pageSources()), path);
    expect(skeletonProblems(html)).toEqual([]);
  });

  it.each(['/', '/articles/2024/hostile'])('%s keeps hostile titles, tags and authors as text', async (path) => {
    const app = await appOf(hostileSources());
    const { html } = await page(app, path);
    expect(skeletonProblems(html)).toEqual([]);
    expect(elements(html.document, 'script')).toEqual([]);
    expect(elements(html.document, 'style')).toEqual([]);
    expect(elements(html.document).filter((e) => Object.keys(e.attrs).some((a) => a.startsWith('on')))).toEqual([]);
    expect(hrefs(html).filter((h) => /^javascript:/i.test(h))).toEqual([]);
    expect(textContent(elements(html.document, 'main')[0] as HtmlElement)).toContain(
      'Title "><script>alert(1)</script><b a=\'x & more',
    );
  });

  it('uses the site language for <html lang>', async () => {
    const src = pageSources();
    src['site.yaml'] = siteYaml({ language: 'de-CH' });
    const { html } = await page(await appOf(src), '/');
    expect((elements(html.document, 'html')[0] as HtmlElement).attrs.lang).toBe('de-CH');
  });

  it('serves the stylesheet the pages link, as CSS', async () => {
    const res = await get(await appOf(pageSources()), '/style.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });
});
