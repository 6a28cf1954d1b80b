// Property (RFC 5005 section 4): for any number of articles and any page size, the subscription document
// and the archives it chains to through prev-archive hold every visible item exactly once, every archive
// is a complete run marked fh:archive, and publishing newer articles changes no archive's bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app/app.ts';
import { defaultConfig } from '../../../src/app/config.ts';
import type { Article, CompiledStore } from '../../../src/core/article.ts';
import { fixedClock } from '../../../src/core/clock.ts';
import { createStore } from '../../../src/store/store.ts';
import { SITE } from '../../support/fixtures.ts';
import { pathOf } from '../../support/http.ts';
import { attrOf, childrenOf, parseXml, textOf, type XmlNode } from '../../support/xml.ts';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

/** `count` articles a day apart, oldest first in time; `scheduled` more after the clock. */
function storeOf(count: number, scheduled: number) {
  const article = (i: number): Article => {
    const slug = `a${i}`;
    const link = `${SITE.url}articles/${slug}`;
    return {
      slug,
      source: `content/articles/${slug}.md`,
      id: link,
      title: `A${i}`,
      published: START + i * DAY,
      updated: START + i * DAY,
      summary: '',
      html: `<p>${i}</p>`,
      authors: [{ name: 'Desk' }],
      tags: i % 3 === 0 ? ['third'] : [],
      link,
      external: false,
    };
  };
  const articles = Array.from({ length: count + scheduled }, (_, i) => article(i)).reverse();
  const compiled: CompiledStore = {
    format: 1,
    version: `v${count}-${scheduled}`,
    site: { ...SITE, author: { name: 'Desk' }, timezone: 'UTC', authors: {}, items: 20, cache: {}, shows: {} },
    articles,
  };
  return createStore(compiled);
}

interface Read {
  ids: string[];
  prevArchive?: string;
  archive: boolean;
}

function readRss(text: string): Read {
  const channel = childrenOf(childrenOf(parseXml(text), 'rss')[0], 'channel')[0] as XmlNode;
  const prev = childrenOf(channel, 'atom:link').find((l) => attrOf(l, 'rel') === 'prev-archive');
  return {
    ids: childrenOf(channel, 'item').map((i) => textOf(childrenOf(i, 'guid')[0])),
    ...(prev ? { prevArchive: attrOf(prev, 'href') } : {}),
    archive: 'fh:archive' in channel,
  };
}

/** The subscription document, then each archive along prev-archive: [path, document] pairs. */
async function chain(app: ReturnType<typeof createApp>, feed: string): Promise<[string, Read, string][]> {
  const out: [string, Read, string][] = [];
  let path: string | undefined = feed;
  while (path && out.length < 200) {
    const res = await app.request(path);
    expect(res.status, path).toBe(200);
    const text = await res.text();
    const doc = readRss(text);
    out.push([path, doc, text]);
    path = doc.prevArchive ? pathOf(doc.prevArchive) : undefined;
  }
  return out;
}

const appFor = (count: number, scheduled: number, items: number) =>
  createApp({
    store: storeOf(count, scheduled),
    config: { ...defaultConfig, items },
    clock: fixedClock(START + (count - 1) * DAY + DAY / 2),
  });

describe('archived feeds for any count', () => {
  it('hold every visible item exactly once, in complete archives that never change', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('/rss.xml', '/tags/third/rss.xml'),
        async (count, items, scheduled, added, feed) => {
          const visible = Array.from({ length: count }, (_, i) => i)
            .filter((i) => feed === '/rss.xml' || i % 3 === 0)
            .reverse()
            .map((i) => `${SITE.url}articles/a${i}`);
          if (visible.length === 0) return;
          const docs = await chain(appFor(count, scheduled, items), feed);
          expect(docs.flatMap(([, doc]) => doc.ids)).toEqual(visible);
          const [, current] = docs[0] as [string, Read, string];
          expect(current.archive).toBe(false);
          expect(current.ids.length).toBeGreaterThanOrEqual(Math.min(items, visible.length));
          for (const [path, doc] of docs.slice(1)) {
            expect(doc.archive, path).toBe(true);
            expect(doc.ids, path).toHaveLength(items);
          }
          // Later articles (the scheduled ones going live, and more) leave every archive's bytes alone.
          const later = await chain(appFor(count + added, 0, items), feed);
          const before = new Map(docs.slice(1).map(([path, , text]) => [path, text]));
          for (const [path, , text] of later.slice(1)) if (before.has(path)) expect(text, path).toBe(before.get(path));
          for (const path of before.keys())
            expect(
              later.some(([p]) => p === path),
              path,
            ).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});
