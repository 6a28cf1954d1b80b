// Properties every format shares: the document's updated time comes from its items, never from the
// clock, and the same store renders to the same bytes.
import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../../src/feed/atom.ts';
import { renderJsonFeed } from '../../../src/feed/json-feed.ts';
import type { Format } from '../../../src/feed/model.ts';
import { renderRss } from '../../../src/feed/rss.ts';
import type { MemoryStore, Selector } from '../../../src/store/store.ts';
import { articleFile, NOW, newsSources, sources, storeOf } from '../../support/fixtures.ts';
import { childrenOf, parseXml, textOf } from '../../support/index.ts';
import { at, hostileStore, renderFirstPage } from '../../support/render.ts';

const RENDER: Record<Format, typeof renderRss> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };
const FORMATS = ['rss', 'atom', 'json'] as const;

const render = (format: Format, store: MemoryStore, now: number, selector?: Selector): string =>
  renderFirstPage(RENDER[format], store, selector, now);

/** The document's own updated time, as an instant: lastBuildDate, atom:updated, or the newest item date. */
function documentUpdated(format: Format, doc: string): number {
  if (format === 'rss') return Date.parse(textOf(childrenOf(parseXml(doc).rss.channel, 'lastBuildDate')[0]));
  if (format === 'atom') return Date.parse(textOf(childrenOf(parseXml(doc).feed, 'updated')[0]));
  // JSON Feed 1.1 has no feed-level date: the newest date_modified stands for it.
  const items = JSON.parse(doc).items as { date_modified: string }[];
  return Math.max(...items.map((i) => Date.parse(i.date_modified)));
}

describe.each(FORMATS)('%s', (format) => {
  it("is updated at the newest visible item's updated date", async () => {
    // Gamma was published 2024-02-01 but updated 2024-05-01, after Alpha and Beta (2024-03-01).
    expect(documentUpdated(format, render(format, await storeOf(newsSources()), at(NOW)))).toBe(
      at('2024-05-01T00:00:00Z'),
    );
  });

  it("is updated at the newest visible item's date when none was updated", async () => {
    const store = await storeOf(
      sources({
        a: articleFile({ date: '2024-03-01T10:00:00Z' }),
        b: articleFile({ date: '2024-04-01T10:00:00+02:00' }),
      }),
    );
    expect(documentUpdated(format, render(format, store, at(NOW)))).toBe(at('2024-04-01T08:00:00Z'));
  });

  it('ignores the scheduled article until it is visible', async () => {
    const store = await storeOf(newsSources());
    expect(documentUpdated(format, render(format, store, at('2024-07-01T07:59:59Z')))).toBe(at('2024-05-01T00:00:00Z'));
    expect(documentUpdated(format, render(format, store, at('2024-07-01T08:00:00Z')))).toBe(at('2024-07-01T08:00:00Z'));
  });

  it("takes a tag feed's updated date from its own items", async () => {
    const store = await storeOf(newsSources());
    expect(documentUpdated(format, render(format, store, at(NOW), { kind: 'tag', slug: 'politics' }))).toBe(
      at('2024-03-01T10:00:00Z'),
    );
  });

  it('renders byte-identical documents from two loads of the same store', async () => {
    const [a, b] = [await storeOf(newsSources()), await storeOf(newsSources())];
    expect(render(format, a, at(NOW))).toBe(render(format, b, at(NOW)));
  });

  it('renders byte-identical documents of the hostile store', async () => {
    expect(render(format, await hostileStore(), at(NOW))).toBe(render(format, await hostileStore(), at(NOW)));
  });

  it('does not change while the visible set does not', async () => {
    const store = await storeOf(newsSources());
    expect(render(format, store, at(NOW))).toBe(render(format, store, at('2024-06-30T23:59:59Z')));
  });

  it('changes once a scheduled article goes live', async () => {
    const store = await storeOf(newsSources());
    expect(render(format, store, at(NOW))).not.toBe(render(format, store, at('2024-07-01T08:00:00Z')));
  });
});
