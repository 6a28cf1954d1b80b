// Atom 1.0: valid against RFC 4287 (RELAX NG and prose rules), and the structure readers rely on.
import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../../src/feed/atom.ts';
import type { MemoryStore, Selector } from '../../../src/store/store.ts';
import { extrasSources, NOW, newsSources, siteYaml, storeOf } from '../../support/fixtures.ts';
import {
  assertWellFormed,
  attrOf,
  childrenOf,
  parseXml,
  textOf,
  validateAtom,
  type XmlNode,
} from '../../support/index.ts';
import { at, hostileStore, renderFirstPage, selectorsOf } from '../../support/render.ts';

const render = (store: MemoryStore, selector?: Selector, now?: number, items?: number): string =>
  renderFirstPage(renderAtom, store, selector, now, items);

const feedOf = (xml: string): XmlNode => parseXml(xml).feed;
const text = (node: XmlNode | undefined, name: string) => textOf(childrenOf(node, name)[0]);
const linksOf = (node: XmlNode, rel: string) => childrenOf(node, 'link').filter((l) => attrOf(l, 'rel') === rel);

function entryOf(xml: string, title: string): XmlNode {
  const entry = childrenOf(feedOf(xml), 'entry').find((e) => text(e, 'title') === title);
  if (!entry) throw new Error(`no entry titled ${title}`);
  return entry;
}

/** Every feed of the hostile store: the whole store, each tag and each author. */
const HOSTILE_SELECTORS: Selector[] = selectorsOf(await hostileStore());

const extrasOf = () =>
  extrasSources({
    episodeAuthor: 'Bo',
    site: siteYaml({ authors: { Bo: { email: 'bo@news.example.org', url: 'https://bo.example.org/' } } }),
  });

describe('Atom of the news store', () => {
  it('is well-formed XML', async () => {
    await expect(assertWellFormed(render(await storeOf(newsSources())))).resolves.toBeUndefined();
  });

  it('is valid Atom', async () => {
    expect(await validateAtom(render(await storeOf(newsSources())))).toEqual([]);
  });

  it('declares the language with xml:lang', async () => {
    expect(attrOf(feedOf(render(await storeOf(newsSources()))), 'xml:lang')).toBe('en');
  });

  it('has a stable id, plain-text title and subtitle', async () => {
    const feed = feedOf(render(await storeOf(newsSources())));
    expect([text(feed, 'id'), text(feed, 'title'), attrOf(childrenOf(feed, 'title')[0], 'type')]).toEqual([
      'https://news.example.org/atom.xml',
      'Herald Test News',
      'text',
    ]);
    expect(text(feed, 'subtitle')).toBe('A store for tests');
  });

  it('is updated at the newest visible updated date', async () => {
    expect(text(feedOf(render(await storeOf(newsSources()))), 'updated')).toBe('2024-05-01T00:00:00Z');
  });

  it('links to itself and to the site', async () => {
    const feed = feedOf(render(await storeOf(newsSources())));
    expect(linksOf(feed, 'self').map((l) => [attrOf(l, 'href'), attrOf(l, 'type')])).toEqual([
      ['https://news.example.org/atom.xml', 'application/atom+xml'],
    ]);
    expect(linksOf(feed, 'alternate').map((l) => attrOf(l, 'href'))).toEqual(['https://news.example.org/']);
  });

  it('names the site author', async () => {
    const author = childrenOf(feedOf(render(await storeOf(newsSources()))), 'author')[0];
    expect([text(author, 'name'), text(author, 'email'), text(author, 'uri')]).toEqual([
      'Desk',
      'desk@news.example.org',
      'https://news.example.org/',
    ]);
  });

  it('lists the visible entries newest first, ties by slug', async () => {
    const entries = childrenOf(feedOf(render(await storeOf(newsSources()))), 'entry');
    expect(entries.map((e) => text(e, 'title'))).toEqual(['Alpha', 'Beta', 'Gamma']);
  });

  it('gives every entry its published and updated dates', async () => {
    const entry = entryOf(render(await storeOf(newsSources())), 'Gamma');
    expect([text(entry, 'published'), text(entry, 'updated')]).toEqual([
      '2024-02-01T00:00:00Z',
      '2024-05-01T00:00:00Z',
    ]);
  });

  it('marks entry titles as plain text', async () => {
    const entries = childrenOf(feedOf(render(await storeOf(newsSources()))), 'entry');
    expect(entries.map((e) => attrOf(childrenOf(e, 'title')[0], 'type'))).toEqual(['text', 'text', 'text']);
  });

  it('uses the derived id and links to the article page', async () => {
    const entry = entryOf(render(await storeOf(newsSources())), 'Alpha');
    expect([text(entry, 'id'), attrOf(linksOf(entry, 'alternate')[0], 'href')]).toEqual([
      'https://news.example.org/articles/2024/alpha',
      'https://news.example.org/articles/2024/alpha',
    ]);
  });

  it('gives the summary as text and the body as html content', async () => {
    const store = await storeOf(newsSources());
    const entry = entryOf(render(store), 'Alpha');
    const [summary, content] = [childrenOf(entry, 'summary')[0], childrenOf(entry, 'content')[0]];
    expect([attrOf(summary, 'type'), textOf(summary)]).toEqual(['text', 'Body text.']);
    expect([attrOf(content, 'type'), textOf(content)]).toEqual(['html', store.bySlug('2024/alpha')?.html]);
  });

  it('lists every author of an entry', async () => {
    const authors = childrenOf(entryOf(render(await storeOf(newsSources())), 'Beta'), 'author');
    expect(authors.map((a) => [text(a, 'name'), text(a, 'email'), text(a, 'uri')])).toEqual([
      ['Ann', 'ann@news.example.org', ''],
      ['Bo', '', 'https://bo.example.org/'],
    ]);
  });

  it('gives every tag as a category term', async () => {
    const categories = childrenOf(entryOf(render(await storeOf(newsSources())), 'Alpha'), 'category');
    expect(categories.map((c) => attrOf(c, 'term'))).toEqual(['politics', 'asia']);
  });

  it('uses a frontmatter id as the entry id', async () => {
    expect(text(entryOf(render(await storeOf(extrasOf())), 'With id'), 'id')).toBe('tag:news.example.org,2024:1');
  });

  it('links an external article to its url', async () => {
    const entry = entryOf(render(await storeOf(extrasOf())), 'External');
    expect(attrOf(linksOf(entry, 'alternate')[0], 'href')).toBe('https://elsewhere.example.org/');
  });

  it('gives one enclosure link with type and length', async () => {
    const links = linksOf(entryOf(render(await storeOf(extrasOf())), 'Episode'), 'enclosure');
    expect(links.map((l) => [attrOf(l, 'href'), attrOf(l, 'type'), attrOf(l, 'length')])).toEqual([
      ['https://news.example.org/articles/ep.mp3', 'audio/mpeg', '12345'],
    ]);
  });

  it('gives the image as media:thumbnail', async () => {
    const entry = entryOf(render(await storeOf(extrasOf())), 'Episode');
    expect(attrOf(childrenOf(entry, 'media:thumbnail')[0], 'url')).toBe('https://news.example.org/articles/cover.jpg');
  });

  it('identifies a tag feed by its own URL', async () => {
    const feed = feedOf(render(await storeOf(newsSources()), { kind: 'tag', slug: 'asia' }));
    expect([text(feed, 'id'), text(feed, 'title'), attrOf(linksOf(feed, 'self')[0], 'href')]).toEqual([
      'https://news.example.org/tags/asia/atom.xml',
      'Herald Test News: asia',
      'https://news.example.org/tags/asia/atom.xml',
    ]);
  });
});

describe('Atom of the hostile store', () => {
  it.each(HOSTILE_SELECTORS)('is valid Atom for %j, whole and paged', async (selector) => {
    const store = await hostileStore();
    for (const items of [20, 2]) {
      const xml = render(store, selector, at(NOW), items);
      await assertWellFormed(xml);
      expect(await validateAtom(xml)).toEqual([]);
    }
  });

  it('declares the site language', async () => {
    expect(attrOf(feedOf(render(await hostileStore())), 'xml:lang')).toBe('en-GB');
  });

  it('keeps a tag URI id and an external link apart', async () => {
    const entry = entryOf(render(await hostileStore()), 'Canonical elsewhere, identified by a tag URI');
    expect([text(entry, 'id'), attrOf(linksOf(entry, 'alternate')[0], 'href')]).toEqual([
      'tag:news.example.org,2024:external-canonical',
      'https://elsewhere.example.org/story?id=42&ref=herald',
    ]);
  });
});
