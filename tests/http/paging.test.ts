// Paging (RFC 5005 section 3): following `next` from the first page visits every visible item once.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { appOf, articleFile, newsSources, siteYaml, sources } from '../support/fixtures.ts';
import { FILES, FORMATS, type Format, get, pathOf, readFeed } from '../support/http.ts';

/** Follows `next` links from `start`; returns each page's item ids. Stops after 50 pages. */
async function walk(app: Awaited<ReturnType<typeof appOf>>, format: Format, start: string): Promise<string[][]> {
  const pages: string[][] = [];
  let path: string | undefined = start;
  while (path && pages.length < 50) {
    const res = await get(app, path);
    expect(res.status).toBe(200);
    const feed = readFeed(format, res.text);
    pages.push(feed.ids);
    path = feed.next ? pathOf(feed.next) : undefined;
  }
  return pages;
}

function manySources(count: number) {
  const articles: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const day = String(1 + i).padStart(2, '0');
    articles[`a${day}`] = articleFile({ title: `A${day}`, date: `2024-01-${day}T00:00:00Z`, tags: ['t'] });
  }
  return sources(articles);
}

describe('paging with items: 1', () => {
  it.each(FORMATS)('walks the %s feed one item a page, covering every visible item once', async (format) => {
    const app = await appOf(newsSources(), { config: { items: 1 } });
    const all = readFeed(format, (await get(await appOf(newsSources()), `/${FILES[format]}`)).text).ids;
    const pages = await walk(app, format, `/${FILES[format]}`);
    expect(pages.map((p) => p.length)).toEqual([1, 1, 1]);
    expect(pages.flat()).toEqual(all);
  });

  it('answers ?page=2 with the second item', async () => {
    const app = await appOf(newsSources(), { config: { items: 1 } });
    const res = await get(app, '/atom.xml?page=2');
    expect(res.status).toBe(200);
    expect(readFeed('atom', res.text).titles).toEqual(['Beta']);
  });

  it('points page 2’s self link at ?page=2 on site.url', async () => {
    const app = await appOf(newsSources(), { config: { items: 1 } });
    expect(readFeed('atom', (await get(app, '/atom.xml?page=2')).text).self).toBe(
      'https://news.example.org/atom.xml?page=2',
    );
  });

  it('gives the last page no next link', async () => {
    const app = await appOf(newsSources(), { config: { items: 1 } });
    expect(readFeed('atom', (await get(app, '/atom.xml?page=3')).text).next).toBeUndefined();
  });
});

describe('paging a larger feed', () => {
  it('splits 25 items at 10 a page into 15 (the subscription document) and 10, without overlap or gap', async () => {
    const app = await appOf(manySources(25), { config: { items: 10 } });
    const pages = await walk(app, 'atom', '/atom.xml');
    // Archives hold complete runs of 10 from the oldest; page 1 keeps everything newer (README).
    expect(pages.map((p) => p.length)).toEqual([15, 10]);
    expect(new Set(pages.flat()).size).toBe(25);
  });

  it('pages a tag feed on its own links', async () => {
    const app = await appOf(manySources(5), { config: { items: 2 } });
    const pages = await walk(app, 'rss', '/tags/t/rss.xml');
    expect(pages.map((p) => p.length)).toEqual([3, 2]);
    expect(new Set(pages.flat()).size).toBe(5);
  });

  it('leaves scheduled items out of every page', async () => {
    const app = await appOf(manySources(9), { config: { items: 2 }, clock: fixedClock('2024-01-05T12:00:00Z') });
    const pages = await walk(app, 'json', '/feed.json');
    expect(pages.flat()).toHaveLength(5);
    expect(pages.map((p) => p.length)).toEqual([3, 2]);
  });

  it('uses site.yaml items when the environment sets none', async () => {
    const withItems = { ...manySources(3), 'site.yaml': siteYaml({ items: 2 }) };
    const pages = await walk(await appOf(withItems), 'atom', '/atom.xml');
    expect(pages.map((p) => p.length)).toEqual([3]);
    const six = { ...manySources(6), 'site.yaml': siteYaml({ items: 2 }) };
    expect((await walk(await appOf(six), 'atom', '/atom.xml')).map((p) => p.length)).toEqual([2, 2, 2]);
  });
});
