// A second opinion: the `feed` package (the reference RSS/Atom generator many Node projects use) and
// our renderers must agree on what a benign store says. We render with our own writer because feed
// 6.0.0 breaks on hostile input (docs/architecture.md); for ordinary input the two must not disagree.
import { Feed } from 'feed';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.ts';
import { renderAtom } from '../../../src/feed/atom.ts';
import { buildFeedModel, type FeedModel } from '../../../src/feed/model.ts';
import { renderRss } from '../../../src/feed/rss.ts';
import { NOW, newsSources, storeOf } from '../../support/fixtures.ts';
import { attrOf, childrenOf, parseXml, textOf, type XmlNode } from '../../support/index.ts';

async function model(): Promise<FeedModel> {
  const store = await storeOf(newsSources());
  const built = buildFeedModel(store, { kind: 'all' }, { kind: 'page', page: 1 }, fixedClock(NOW)().getTime(), {
    items: 20,
    maxAge: 300,
    maxBytes: 1_000_000,
  });
  if (!built) throw new Error('no model');
  return built;
}

function reference(m: FeedModel): Feed {
  const feed = new Feed({
    id: m.id,
    title: m.title,
    description: m.description,
    link: m.home,
    language: m.language,
    updated: new Date(m.updated),
    copyright: m.site.copyright ?? '',
    feedLinks: { rss: m.links.rss.self, atom: m.links.atom.self },
    author: { name: m.author.name, ...(m.author.email ? { email: m.author.email } : {}) },
  });
  for (const { article: a, html } of m.items) {
    feed.addItem({
      id: a.id,
      guid: a.id,
      title: a.title,
      link: a.link,
      date: new Date(a.updated),
      published: new Date(a.published),
      description: a.summary,
      content: html,
      author: a.authors.map((p) => ({ name: p.name, ...(p.email ? { email: p.email } : {}) })),
      category: a.tags.map((t) => ({ name: t, term: t })),
    });
  }
  return feed;
}

const texts = (nodes: XmlNode[], name: string) => nodes.map((n) => textOf(childrenOf(n, name)[0]));

describe('agreement with the feed package on a benign store', () => {
  it('gives RSS the same channel and the same items, in the same order', async () => {
    const m = await model();
    const ours = childrenOf(parseXml(renderRss(m)).rss, 'channel')[0] as XmlNode;
    const theirs = childrenOf(parseXml(reference(m).rss2()).rss, 'channel')[0] as XmlNode;
    for (const field of ['title', 'link', 'description', 'language']) {
      expect(textOf(childrenOf(ours, field)[0])).toBe(textOf(childrenOf(theirs, field)[0]));
    }
    const [a, b] = [childrenOf(ours, 'item'), childrenOf(theirs, 'item')];
    expect(a.length).toBe(m.items.length);
    for (const field of ['title', 'link', 'guid', 'description', 'content:encoded']) {
      expect(texts(a, field)).toEqual(texts(b, field));
    }
    expect(a.map((i) => Date.parse(textOf(childrenOf(i, 'pubDate')[0])))).toEqual(
      b.map((i) => Date.parse(textOf(childrenOf(i, 'pubDate')[0]))),
    );
    expect(a.map((i) => texts(childrenOf(i, 'category'), '#text'))).toEqual(
      b.map((i) => childrenOf(i, 'category').map((c) => textOf(c))),
    );
  });

  it('gives Atom the same feed identity and the same entries, in the same order', async () => {
    const m = await model();
    const ours = parseXml(renderAtom(m)).feed as XmlNode;
    const theirs = parseXml(reference(m).atom1()).feed as XmlNode;
    expect(textOf(childrenOf(ours, 'id')[0])).toBe(textOf(childrenOf(theirs, 'id')[0]));
    expect(Date.parse(textOf(childrenOf(ours, 'updated')[0]))).toBe(
      Date.parse(textOf(childrenOf(theirs, 'updated')[0])),
    );
    const [a, b] = [childrenOf(ours, 'entry'), childrenOf(theirs, 'entry')];
    expect(texts(a, 'id')).toEqual(texts(b, 'id'));
    expect(texts(a, 'title')).toEqual(texts(b, 'title'));
    expect(texts(a, 'content')).toEqual(texts(b, 'content'));
    for (const field of ['updated', 'published']) {
      expect(a.map((e) => Date.parse(textOf(childrenOf(e, field)[0])))).toEqual(
        b.map((e) => Date.parse(textOf(childrenOf(e, field)[0]))),
      );
    }
    const alternate = (e: XmlNode) => childrenOf(e, 'link').map((l) => attrOf(l, 'href'))[0];
    expect(a.map(alternate)).toEqual(b.map(alternate));
  });
});
