// Injection: a hostile string in every text and attribute field reads back exactly from the parsed
// RSS, Atom and JSON Feed documents, less only the characters XML 1.0 cannot carry.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.ts';
import { groupSlug } from '../../../src/core/slug.ts';
import { renderAtom } from '../../../src/feed/atom.ts';
import { renderJsonFeed } from '../../../src/feed/json-feed.ts';
import { buildFeedModel, type Format } from '../../../src/feed/model.ts';
import { renderRss } from '../../../src/feed/rss.ts';
import type { Selector } from '../../../src/store/store.ts';
import { articleFile, NOW, siteYaml, sources, storeOf } from '../../support/fixtures.ts';
import { childElements, parseHtml } from '../../support/html.ts';
import {
  assertWellFormed,
  attrOf,
  checkRssProfile,
  childrenOf,
  parseXml,
  textOf,
  validateAtom,
  validateJsonFeed,
  type XmlNode,
} from '../../support/index.ts';

/** Escaping traps: an entity, markup, quotes, a control character, two CDATA terminators, an RTL
 * override, Arabic, CJK, an astral emoji and the non-character U+FFFE. */
const HOSTILE = `A &amp; <b>"'\u0001 ]]> ]]> \u202Eٱ 漢字 😀 \uFFFE`;
/** HOSTILE as a reader must see it: U+0001 and U+FFFE removed, nothing else touched. */
const SEEN = `A &amp; <b>"' ]]> ]]> \u202Eٱ 漢字 😀 `;

// Each field gets its own prefix, so a value that lands in the wrong field is caught too.
const put = (field: string) => `${field}: ${HOSTILE}|`;
const seen = (field: string) => `${field}: ${SEEN}|`;

const AUTHOR = put('author');
const CO_AUTHOR = put('co-author');
const RAW_URL = `https://elsewhere.example.org/story?a=1&b="'<>\u0001`;
const RAW_ID = `tag:news.example.org,2024:&amp;<b>"'\u0001]]>]]>\uFFFE`;

function hostileSources() {
  return sources(
    {
      x: articleFile(
        {
          title: put('title'),
          date: '2024-05-01T00:00:00Z',
          summary: put('summary'),
          tags: [put('tag'), 'plain'],
          author: [AUTHOR, CO_AUTHOR],
          image: `https://img.example.org/cover.png?a=1&b="'<>`,
          url: RAW_URL,
          id: RAW_ID,
          enclosure: { url: `https://cdn.example.org/ep.mp3?a=1&b="'<>`, type: 'audio/mpeg', length: 1234 },
        },
        `${put('body')}\n`,
      ),
    },
    siteYaml({
      title: put('site title'),
      description: put('site description'),
      copyright: put('copyright'),
      author: { name: put('site author'), email: 'desk+news@news.example.org' },
      authors: {
        [AUTHOR]: { email: 'first.author+x@news.example.org', url: `https://news.example.org/people?a=1&b=<x>"'` },
      },
    }),
  );
}

const RENDER: Record<Format, typeof renderRss> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };

async function render(format: Format, selector: Selector = { kind: 'all' }): Promise<string> {
  const store = await storeOf(hostileSources());
  const model = buildFeedModel(store, selector, { kind: 'page', page: 1 }, fixedClock(NOW)().getTime(), {
    items: 20,
    maxAge: 300,
    maxBytes: 1_000_000,
  });
  if (!model) throw new Error('no feed');
  return RENDER[format](model);
}

// Readers: the parsed document -> the value(s) of one field.
const rssChannel = (xml: string): XmlNode => childrenOf(parseXml(xml).rss, 'channel')[0] as XmlNode;
const rssItem = (xml: string): XmlNode => childrenOf(rssChannel(xml), 'item')[0] as XmlNode;
const atomFeed = (xml: string): XmlNode => parseXml(xml).feed;
const atomEntry = (xml: string): XmlNode => childrenOf(atomFeed(xml), 'entry')[0] as XmlNode;
// biome-ignore lint/suspicious/noExplicitAny: a parsed feed is dynamically shaped.
const json = (text: string): Record<string, any> => JSON.parse(text);
const jsonItem = (text: string) => json(text).items[0];
const texts = (node: XmlNode, name: string) => childrenOf(node, name).map(textOf);
const text = (node: XmlNode | undefined, name: string) => textOf(childrenOf(node, name)[0]);
const link = (node: XmlNode, rel: string) =>
  attrOf(
    childrenOf(node, 'link').find((l) => attrOf(l, 'rel') === rel),
    'href',
  );
/** What a reader shows of an element it renders as HTML (RSS descriptions): its text. Markup in the
 * plain-text source must not come alive as an element. */
function shownAsHtml(html: string): string {
  const parsed = parseHtml(html);
  const live = childElements(parsed.document).map((e) => e.name);
  if (live.length > 0 || parsed.errors.length > 0) throw new Error(`live markup: ${live} ${parsed.errors}`);
  return parsed.document.children.join('');
}
/** "e-mail (Name)" -> [e-mail, Name]. */
const mailbox = (value: string) => /^(\S+) \((.*)\)$/s.exec(value)?.slice(1) ?? [value];

type Reader = (doc: string) => unknown;
interface Field {
  field: string;
  expected: unknown;
  rss?: Reader;
  atom?: Reader;
  json?: Reader;
}

const FIELDS: Field[] = [
  {
    field: 'site title',
    expected: seen('site title'),
    rss: (d) => text(rssChannel(d), 'title'),
    atom: (d) => text(atomFeed(d), 'title'),
    json: (d) => json(d).title,
  },
  {
    field: 'site description',
    expected: seen('site description'),
    rss: (d) => shownAsHtml(text(rssChannel(d), 'description')),
    atom: (d) => text(atomFeed(d), 'subtitle'),
    json: (d) => json(d).description,
  },
  {
    field: 'copyright',
    expected: seen('copyright'),
    rss: (d) => text(rssChannel(d), 'copyright'),
    atom: (d) => text(atomFeed(d), 'rights'),
  },
  {
    field: 'site author name',
    expected: seen('site author'),
    rss: (d) => mailbox(text(rssChannel(d), 'managingEditor'))[1],
    atom: (d) => text(childrenOf(atomFeed(d), 'author')[0], 'name'),
    json: (d) => json(d).authors[0].name,
  },
  {
    field: 'site author e-mail',
    expected: 'desk+news@news.example.org',
    rss: (d) => mailbox(text(rssChannel(d), 'managingEditor'))[0],
    atom: (d) => text(childrenOf(atomFeed(d), 'author')[0], 'email'),
  },
  {
    field: 'article title',
    expected: seen('title'),
    rss: (d) => text(rssItem(d), 'title'),
    atom: (d) => text(atomEntry(d), 'title'),
    json: (d) => jsonItem(d).title,
  },
  {
    field: 'summary',
    expected: seen('summary'),
    rss: (d) => shownAsHtml(text(rssItem(d), 'description')),
    atom: (d) => text(atomEntry(d), 'summary'),
    json: (d) => jsonItem(d).summary,
  },
  {
    field: 'body',
    // Markdown keeps the raw <b> (sanitized and closed) and the entity; text-level > is escaped.
    expected: `<p>body: A &amp; <b>"' ]]&gt; ]]&gt; \u202Eٱ 漢字 😀 |</b></p>\n`,
    rss: (d) => text(rssItem(d), 'content:encoded'),
    atom: (d) => text(atomEntry(d), 'content'),
    json: (d) => jsonItem(d).content_html,
  },
  {
    field: 'tags',
    expected: [seen('tag'), 'plain'],
    rss: (d) => texts(rssItem(d), 'category'),
    atom: (d) => childrenOf(atomEntry(d), 'category').map((c) => attrOf(c, 'term')),
    json: (d) => jsonItem(d).tags,
  },
  {
    field: 'author names',
    expected: [seen('author'), seen('co-author')],
    rss: (d) => texts(rssItem(d), 'dc:creator'),
    atom: (d) => childrenOf(atomEntry(d), 'author').map((a) => text(a, 'name')),
    json: (d) => jsonItem(d).authors.map((a: { name: string }) => a.name),
  },
  {
    field: 'author e-mail with name',
    expected: ['first.author+x@news.example.org', seen('author')],
    rss: (d) => mailbox(text(rssItem(d), 'author')),
  },
  {
    field: 'author e-mail',
    expected: 'first.author+x@news.example.org',
    atom: (d) => text(childrenOf(atomEntry(d), 'author')[0], 'email'),
  },
  {
    field: 'author url',
    // site.yaml URLs go through the URL parser at load, like every configured URL.
    expected: 'https://news.example.org/people?a=1&b=%3Cx%3E%22%27',
    atom: (d) => text(childrenOf(atomEntry(d), 'author')[0], 'uri'),
    json: (d) => jsonItem(d).authors[0].url,
  },
  {
    field: 'enclosure url',
    // Resolved through the URL parser at load, which percent-encodes quotes and brackets in a query.
    expected: 'https://cdn.example.org/ep.mp3?a=1&b=%22%27%3C%3E',
    rss: (d) => attrOf(childrenOf(rssItem(d), 'enclosure')[0], 'url'),
    atom: (d) => link(atomEntry(d), 'enclosure'),
    json: (d) => jsonItem(d).attachments[0].url,
  },
  {
    field: 'image',
    expected: 'https://img.example.org/cover.png?a=1&b=%22%27%3C%3E',
    rss: (d) => attrOf(childrenOf(rssItem(d), 'media:thumbnail')[0], 'url'),
    atom: (d) => attrOf(childrenOf(atomEntry(d), 'media:thumbnail')[0], 'url'),
    json: (d) => jsonItem(d).image,
  },
  {
    field: 'url',
    expected: 'https://elsewhere.example.org/story?a=1&b=%22%27%3C%3E',
    rss: (d) => text(rssItem(d), 'link'),
    atom: (d) => link(atomEntry(d), 'alternate'),
    json: (d) => jsonItem(d).url,
  },
  {
    field: 'id',
    expected: `tag:news.example.org,2024:&amp;<b>"']]>]]>`,
    rss: (d) => text(rssItem(d), 'guid'),
    atom: (d) => text(atomEntry(d), 'id'),
    json: (d) => jsonItem(d).id,
  },
];

describe.each(['rss', 'atom', 'json'] as const)('%s with hostile strings in every field', (format) => {
  it('is still a valid document', async () => {
    const doc = await render(format);
    if (format === 'json') {
      expect(validateJsonFeed(doc)).toEqual([]);
      return;
    }
    await assertWellFormed(doc);
    expect(format === 'rss' ? checkRssProfile(doc) : await validateAtom(doc)).toEqual([]);
  });

  it.each(FIELDS.filter((f) => f[format]))('reads back the $field exactly', async ({ expected, ...readers }) => {
    const read = readers[format] as Reader;
    expect(read(await render(format))).toEqual(expected);
  });

  it('never lets markup in a plain-text summary come alive, nor escapes it twice', async () => {
    const summary = '<img src=x onerror=alert(1)> & <script>x</script>';
    const store = await storeOf(sources({ x: articleFile({ title: 'T', date: '2024-05-01T00:00:00Z', summary }) }));
    const model = buildFeedModel(store, { kind: 'all' }, { kind: 'page', page: 1 }, fixedClock(NOW)().getTime(), {
      items: 20,
      maxAge: 300,
      maxBytes: 1_000_000,
    });
    const doc = RENDER[format](model as NonNullable<typeof model>);
    const read = {
      rss: () => shownAsHtml(text(rssItem(doc), 'description')),
      atom: () => text(atomEntry(doc), 'summary'),
      json: () => jsonItem(doc).summary,
    }[format];
    expect(read()).toBe(summary);
  });

  it('reads back a hostile tag in the title of its tag feed', async () => {
    const doc = await render(format, { kind: 'tag', slug: groupSlug(seen('tag')) });
    const title =
      format === 'json' ? json(doc).title : text(format === 'rss' ? rssChannel(doc) : atomFeed(doc), 'title');
    expect(title).toBe(`${seen('site title')}: ${seen('tag')}`);
  });
});
