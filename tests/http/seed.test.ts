// The store this repository ships: the seed article (imported with the text
// importer) appears in all three feeds, whole, and without the WordPress comment-form boilerplate.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { readContent } from '../../src/build/sources.ts';
import { loadStore } from '../../src/content/load.ts';
import { systemClock } from '../../src/core/clock.ts';
import { createStore } from '../../src/store/store.ts';
import { checkRssProfile, childrenOf, parseXml, textOf, validateAtom, validateJsonFeed } from '../support/index.ts';

const TITLE = 'Pyongyang Wants U.S. to Declare End of Korean War';
const BOILERPLATE = ['Be the first to comment', 'Leave a Reply', 'Your email address will not be published'];

async function app() {
  const { sources, media } = await readContent('content');
  const { store, problems } = await loadStore(sources, { media });
  expect(problems).toEqual([]);
  return createApp({
    store: createStore(store as NonNullable<typeof store>),
    config: defaultConfig,
    clock: systemClock,
  });
}

const paragraphs = (html: string) => html.match(/<p>/g)?.length ?? 0;

describe('the shipped store', () => {
  it('has the seed article in RSS with its eight paragraphs and no comment form', async () => {
    const xml = await (await (await app()).request('/rss.xml')).text();
    expect(checkRssProfile(xml)).toEqual([]);
    const items = childrenOf(childrenOf(parseXml(xml).rss, 'channel')[0], 'item');
    const seed = items.find((i) => textOf(childrenOf(i, 'title')[0]) === TITLE);
    const body = textOf(childrenOf(seed, 'content:encoded')[0]);
    expect(paragraphs(body)).toBe(8);
    for (const line of BOILERPLATE) expect(body).not.toContain(line);
    expect(childrenOf(seed, 'category').map((c) => textOf(c))).toEqual(['north-korea', 'diplomacy']);
  });

  it('has the seed article in Atom, valid against RFC 4287', async () => {
    const xml = await (await (await app()).request('/atom.xml')).text();
    expect(await validateAtom(xml)).toEqual([]);
    const entry = childrenOf(parseXml(xml).feed, 'entry').find((e) => textOf(childrenOf(e, 'title')[0]) === TITLE);
    const body = textOf(childrenOf(entry, 'content')[0]);
    expect(paragraphs(body)).toBe(8);
    for (const line of BOILERPLATE) expect(body).not.toContain(line);
    expect(textOf(childrenOf(entry, 'published')[0])).toBe('2018-08-24T00:00:00Z');
  });

  it('has the seed article in JSON Feed 1.1, valid against its schema', async () => {
    const doc = await (await (await app()).request('/feed.json')).json();
    expect(validateJsonFeed(doc)).toEqual([]);
    const item = (doc.items as { title: string; content_html: string; summary: string }[]).find(
      (i) => i.title === TITLE,
    );
    expect(paragraphs(item?.content_html ?? '')).toBe(8);
    for (const line of BOILERPLATE) expect(item?.content_html).not.toContain(line);
    expect(item?.summary).toMatch(/^North Korea pressed its demand on Friday/);
  });
});
