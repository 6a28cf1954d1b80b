// RSS 2.0: well-formed, clean against the RSS Board profile, and the structure readers rely on.
import { describe, expect, it } from 'vitest';
import { renderRss } from '../../../src/feed/rss.ts';
import type { MemoryStore, Selector } from '../../../src/store/store.ts';
import { articleFile, extrasSources, NOW, newsSources, siteYaml, sources, storeOf } from '../../support/fixtures.ts';
import {
  assertWellFormed,
  attrOf,
  checkRssProfile,
  childrenOf,
  parseXml,
  textOf,
  type XmlNode,
} from '../../support/index.ts';
import { at, hostileStore, renderFirstPage, selectorsOf } from '../../support/render.ts';

const render = (store: MemoryStore, selector?: Selector, now?: number, items?: number): string =>
  renderFirstPage(renderRss, store, selector, now, items);

function channelOf(xml: string): XmlNode {
  return childrenOf(parseXml(xml).rss, 'channel')[0] as XmlNode;
}

/** The item whose <title> is `title`. */
function itemOf(xml: string, title: string): XmlNode {
  const item = childrenOf(channelOf(xml), 'item').find((i) => textOf(childrenOf(i, 'title')[0]) === title);
  if (!item) throw new Error(`no item titled ${title}`);
  return item;
}
const texts = (node: XmlNode, name: string) => childrenOf(node, name).map(textOf);
const text = (node: XmlNode, name: string) => textOf(childrenOf(node, name)[0]);

/** Every feed of the hostile store: the whole store, each tag and each author. */
const HOSTILE_SELECTORS: Selector[] = selectorsOf(await hostileStore());

const extrasOf = () =>
  extrasSources({
    articles: { 'by-bo': articleFile({ title: 'By Bo', date: '2024-04-01T00:00:00Z', author: 'Bo' }) },
    site: siteYaml({ authors: { Bo: { url: 'https://bo.example.org/' } } }),
  });

describe('RSS of the news store', () => {
  it('is well-formed XML', async () => {
    await expect(assertWellFormed(render(await storeOf(newsSources())))).resolves.toBeUndefined();
  });

  it('is clean against the RSS Board profile', async () => {
    expect(checkRssProfile(render(await storeOf(newsSources())))).toEqual([]);
  });

  it('has version 2.0 and the extension namespaces', async () => {
    const rss = parseXml(render(await storeOf(newsSources()))).rss;
    expect([attrOf(rss, 'version'), attrOf(rss, 'xmlns:content'), attrOf(rss, 'xmlns:dc')]).toEqual([
      '2.0',
      'http://purl.org/rss/1.0/modules/content/',
      'http://purl.org/dc/elements/1.1/',
    ]);
  });

  it('describes the channel: title, link, description, language', async () => {
    const channel = channelOf(render(await storeOf(newsSources())));
    expect(['title', 'link', 'description', 'language'].map((n) => text(channel, n))).toEqual([
      'Herald Test News',
      'https://news.example.org/',
      'A store for tests',
      'en',
    ]);
  });

  it('links to itself with atom:link rel=self', async () => {
    const channel = channelOf(render(await storeOf(newsSources())));
    const self = childrenOf(channel, 'atom:link').filter((l) => attrOf(l, 'rel') === 'self');
    expect(self.map((l) => [attrOf(l, 'href'), attrOf(l, 'type')])).toEqual([
      ['https://news.example.org/rss.xml', 'application/rss+xml'],
    ]);
  });

  it('names the managing editor by e-mail and name', async () => {
    expect(text(channelOf(render(await storeOf(newsSources()))), 'managingEditor')).toBe(
      'desk@news.example.org (Desk)',
    );
  });

  it('lists the visible items newest first, ties by slug', async () => {
    const items = childrenOf(channelOf(render(await storeOf(newsSources()))), 'item');
    expect(items.map((i) => text(i, 'title'))).toEqual(['Alpha', 'Beta', 'Gamma']);
  });

  it('dates items in RFC 822', async () => {
    expect(text(itemOf(render(await storeOf(newsSources())), 'Gamma'), 'pubDate')).toBe(
      'Thu, 01 Feb 2024 00:00:00 GMT',
    );
  });

  it('carries the summary as description and the body as content:encoded', async () => {
    const store = await storeOf(newsSources());
    const item = itemOf(render(store), 'Alpha');
    expect([text(item, 'description'), text(item, 'content:encoded')]).toEqual([
      'Body text.',
      store.bySlug('2024/alpha')?.html,
    ]);
  });

  it('names every author in dc:creator', async () => {
    expect(texts(itemOf(render(await storeOf(newsSources())), 'Beta'), 'dc:creator')).toEqual(['Ann', 'Bo']);
  });

  it('gives <author> as an e-mail address with the name', async () => {
    expect(texts(itemOf(render(await storeOf(newsSources())), 'Beta'), 'author')).toEqual([
      'ann@news.example.org (Ann)',
    ]);
  });

  it('gives no <author> when no author has an e-mail address', async () => {
    const item = itemOf(render(await storeOf(extrasOf())), 'By Bo');
    expect([texts(item, 'author'), texts(item, 'dc:creator')]).toEqual([[], ['Bo']]);
  });

  it('keeps <author> valid when the name has parentheses', async () => {
    const site = siteYaml({ author: { name: 'Desk (Seoul)', email: 'desk@news.example.org' } });
    const xml = render(await storeOf(sources({ a: articleFile({}) }, site)));
    expect(checkRssProfile(xml)).toEqual([]);
    expect(texts(itemOf(xml, 'Untitled'), 'dc:creator')).toEqual(['Desk (Seoul)']);
  });

  it('lists the tags as categories', async () => {
    expect(texts(itemOf(render(await storeOf(newsSources())), 'Alpha'), 'category')).toEqual(['politics', 'asia']);
  });

  it('uses the derived id as a permalink guid', async () => {
    const guid = childrenOf(itemOf(render(await storeOf(newsSources())), 'Alpha'), 'guid')[0];
    expect([textOf(guid), attrOf(guid, 'isPermaLink')]).toEqual([
      'https://news.example.org/articles/2024/alpha',
      'true',
    ]);
  });

  it('uses a frontmatter id as a guid that is not a permalink', async () => {
    const guid = childrenOf(itemOf(render(await storeOf(extrasOf())), 'With id'), 'guid')[0];
    expect([textOf(guid), attrOf(guid, 'isPermaLink')]).toEqual(['tag:news.example.org,2024:1', 'false']);
  });

  it('links an external article to its url, with a guid that is not a permalink', async () => {
    const item = itemOf(render(await storeOf(extrasOf())), 'External');
    expect([text(item, 'link'), attrOf(childrenOf(item, 'guid')[0], 'isPermaLink')]).toEqual([
      'https://elsewhere.example.org/',
      'false',
    ]);
  });

  it('has exactly one enclosure with url, type and length', async () => {
    const enclosures = childrenOf(itemOf(render(await storeOf(extrasOf())), 'Episode'), 'enclosure');
    expect(enclosures.map((e) => [attrOf(e, 'url'), attrOf(e, 'type'), attrOf(e, 'length')])).toEqual([
      ['https://news.example.org/articles/ep.mp3', 'audio/mpeg', '12345'],
    ]);
  });

  it('gives the image as media:thumbnail', async () => {
    const thumb = childrenOf(itemOf(render(await storeOf(extrasOf())), 'Episode'), 'media:thumbnail')[0];
    expect(attrOf(thumb, 'url')).toBe('https://news.example.org/articles/cover.jpg');
  });

  it('titles a tag feed after the site and the tag, and links to itself there', async () => {
    const channel = channelOf(render(await storeOf(newsSources()), { kind: 'tag', slug: 'asia' }));
    const self = childrenOf(channel, 'atom:link').find((l) => attrOf(l, 'rel') === 'self');
    expect([text(channel, 'title'), attrOf(self, 'href')]).toEqual([
      'Herald Test News: asia',
      'https://news.example.org/tags/asia/rss.xml',
    ]);
  });
});

describe('RSS of the hostile store', () => {
  it.each(HOSTILE_SELECTORS)('is well-formed and profile-clean for %j, whole and paged', async (selector) => {
    const store = await hostileStore();
    for (const items of [20, 2]) {
      const xml = render(store, selector, at(NOW), items);
      await assertWellFormed(xml);
      expect(checkRssProfile(xml)).toEqual([]);
    }
  });

  it('holds every visible article, none of the draft or the scheduled one', async () => {
    const items = childrenOf(channelOf(render(await hostileStore())), 'item');
    expect(items).toHaveLength(12);
    expect(items.map((i) => text(i, 'title'))).not.toContain('A draft that must never appear');
    expect(items.map((i) => text(i, 'title'))).not.toContain('Scheduled for Christmas Eve');
  });

  it('reads the CDATA terminators back exactly', async () => {
    const item = itemOf(render(await hostileStore()), ']]> ]]> ]]]]><![CDATA[> <![CDATA[ nested ]]>');
    expect(texts(item, 'category')).toEqual([']]>', 'cdata']);
  });
});
