// JSON Feed 1.1: valid against the 1.1 schema, and the structure readers rely on.
import { describe, expect, it } from 'vitest';
import { renderJsonFeed } from '../../../src/feed/json-feed.ts';
import type { MemoryStore, Selector } from '../../../src/store/store.ts';
import { extrasSources, NOW, newsSources, storeOf } from '../../support/fixtures.ts';
import { validateJsonFeed } from '../../support/index.ts';
import { at, hostileStore, renderFirstPage, selectorsOf } from '../../support/render.ts';

// biome-ignore lint/suspicious/noExplicitAny: a parsed feed is dynamically shaped; tests drill into it.
type Json = Record<string, any>;

const render = (store: MemoryStore, selector?: Selector, now?: number, items?: number): string =>
  renderFirstPage(renderJsonFeed, store, selector, now, items);
const parse = (json: string): Json => JSON.parse(json);

function itemOf(json: string, title: string): Json {
  const item = (parse(json).items as Json[]).find((i) => i.title === title);
  if (!item) throw new Error(`no item titled ${title}`);
  return item;
}

/** Every feed of the hostile store: the whole store, each tag and each author. */
const HOSTILE_SELECTORS: Selector[] = selectorsOf(await hostileStore());

describe('JSON Feed of the news store', () => {
  it('is valid JSON Feed 1.1', async () => {
    expect(validateJsonFeed(render(await storeOf(newsSources())))).toEqual([]);
  });

  it('describes the feed: version, title, description, language, home page and feed URL', async () => {
    const doc = parse(render(await storeOf(newsSources())));
    expect([doc.version, doc.title, doc.description, doc.language, doc.home_page_url, doc.feed_url]).toEqual([
      'https://jsonfeed.org/version/1.1',
      'Herald Test News',
      'A store for tests',
      'en',
      'https://news.example.org/',
      'https://news.example.org/feed.json',
    ]);
  });

  it('names the site author in authors (1.1), not author (1.0)', async () => {
    const doc = parse(render(await storeOf(newsSources())));
    expect([doc.authors, doc.author]).toEqual([[{ name: 'Desk', url: 'https://news.example.org/' }], undefined]);
  });

  it('lists the visible items newest first, ties by slug', async () => {
    expect(parse(render(await storeOf(newsSources()))).items.map((i: Json) => i.title)).toEqual([
      'Alpha',
      'Beta',
      'Gamma',
    ]);
  });

  it('gives an item its id, url, dates, summary and HTML content', async () => {
    const store = await storeOf(newsSources());
    const item = itemOf(render(store), 'Gamma');
    expect(item).toMatchObject({
      id: 'https://news.example.org/articles/2024/gamma',
      url: 'https://news.example.org/articles/2024/gamma',
      date_published: '2024-02-01T00:00:00Z',
      date_modified: '2024-05-01T00:00:00Z',
      summary: 'Body text.',
      content_html: store.bySlug('2024/gamma')?.html,
    });
  });

  it('lists every author of an item', async () => {
    expect(itemOf(render(await storeOf(newsSources())), 'Beta').authors).toEqual([
      { name: 'Ann' },
      { name: 'Bo', url: 'https://bo.example.org/' },
    ]);
  });

  it('gives the tags', async () => {
    expect(itemOf(render(await storeOf(newsSources())), 'Alpha').tags).toEqual(['politics', 'asia']);
  });

  it('uses a frontmatter id as the item id', async () => {
    expect(itemOf(render(await storeOf(extrasSources())), 'With id').id).toBe('tag:news.example.org,2024:1');
  });

  it('links an external article to its url', async () => {
    expect(itemOf(render(await storeOf(extrasSources())), 'External').url).toBe('https://elsewhere.example.org/');
  });

  it('gives the enclosure as the one attachment with type and size', async () => {
    expect(itemOf(render(await storeOf(extrasSources())), 'Episode').attachments).toEqual([
      { url: 'https://news.example.org/articles/ep.mp3', mime_type: 'audio/mpeg', size_in_bytes: 12345 },
    ]);
  });

  it('gives the image', async () => {
    expect(itemOf(render(await storeOf(extrasSources())), 'Episode').image).toBe(
      'https://news.example.org/articles/cover.jpg',
    );
  });

  it('gives a tag feed its own title and feed URL', async () => {
    const doc = parse(render(await storeOf(newsSources()), { kind: 'tag', slug: 'asia' }));
    expect([doc.title, doc.feed_url]).toEqual([
      'Herald Test News: asia',
      'https://news.example.org/tags/asia/feed.json',
    ]);
  });
});

describe('JSON Feed of the hostile store', () => {
  it.each(HOSTILE_SELECTORS)('is valid JSON Feed 1.1 for %j, whole and paged', async (selector) => {
    const store = await hostileStore();
    for (const items of [20, 2]) {
      expect(validateJsonFeed(render(store, selector, at(NOW), items))).toEqual([]);
    }
  });

  it('holds every visible article', async () => {
    expect(parse(render(await hostileStore())).items).toHaveLength(12);
  });

  it('declares the site language', async () => {
    expect(parse(render(await hostileStore())).language).toBe('en-GB');
  });
});
