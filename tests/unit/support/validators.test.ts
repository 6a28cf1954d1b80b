// Proves the feed test-support validators accept valid feeds and catch each class of breakage.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  assertWellFormed,
  attrOf,
  checkRssProfile,
  childrenOf,
  parseXml,
  textOf,
  validateAtom,
  validateJsonFeed,
} from '../../support/index.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const ATOM = fixture('valid.atom.xml');
const RSS = fixture('valid.rss.xml');
const JSON_FEED = JSON.parse(fixture('valid.feed.json')) as Record<string, unknown>;

/** String replace that fails loudly when the fixture no longer contains the target. */
function edit(source: string, from: string | RegExp, to: string): string {
  const out = source.replace(from, to);
  if (out === source) throw new Error(`fixture edit did not apply: ${from}`);
  return out;
}
const some = (pattern: RegExp) => expect.arrayContaining([expect.stringMatching(pattern)]);

describe('parseXml', () => {
  test('decodes entities exactly once, numeric references included, and no HTML entities', () => {
    const doc = parseXml('<a t="x&amp;amp;y &#x1F600;">&amp;amp; &amp;lt; &#x1F600;&#128512; &lt;b&gt; &nbsp;</a>');
    expect(textOf(doc.a)).toBe('&amp; &lt; 😀😀 <b> &nbsp;');
    expect(attrOf(doc.a, 't')).toBe('x&amp;y 😀');
  });

  test('keeps astral, RTL and CJK text, prefixes, untrimmed text and CDATA verbatim', () => {
    const rss = parseXml(RSS).rss;
    const channel = rss.channel;
    expect(textOf(channel.title)).toBe('Herald &amp; Friends 😀');
    expect(textOf(channel.description)).toBe('News in עברית and 中文');
    const item = channel.item[0];
    expect(textOf(item.title)).toBe('Hello, world 😀');
    expect(textOf(item['content:encoded'])).toBe('<p>Tom &amp; Jerry said "hi" — مرحبا</p>');
    expect(childrenOf(item, 'dc:creator').map(textOf)).toEqual(['Ada Lovelace']);
    expect(attrOf(channel['atom:link'][0], 'rel')).toBe('self');
    expect(textOf(parseXml('<a> x <![CDATA[<y>]]> z </a>').a)).toBe(' x <y> z ');
    expect(textOf(parseXml('<a><![CDATA[I ]]]]><![CDATA[> x]]></a>').a)).toBe('I ]]> x');
  });

  test('keeps values as strings and repeatable elements as ordered arrays', () => {
    const channel = parseXml(RSS).rss.channel;
    expect(channel.ttl).toBe('60');
    expect(parseXml('<r v="2.0"><ttl>060</ttl></r>').r).toEqual({ '@v': '2.0', ttl: '060' });
    expect(channel.item).toHaveLength(2);
    expect(childrenOf(channel.item[0], 'category').map(textOf)).toEqual(['intro', 'news']);
    const feed = parseXml(ATOM).feed;
    expect(feed.entry.map((e: { id: string }) => e.id)).toEqual([
      'tag:example.com,2018:hello',
      'urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6',
    ]);
    expect(feed.link.map((l: object) => attrOf(l, 'rel'))).toEqual(['alternate', 'self']);
  });
});

describe('assertWellFormed', () => {
  test('accepts the valid fixtures', async () => {
    await assertWellFormed(ATOM);
    await assertWellFormed(RSS);
  });

  test.each([
    ['control character U+0001', edit(RSS, 'News in', 'News\u0001 in'), /invalid Char value 1/],
    [
      'control character reference &#1;',
      edit(RSS, 'News in', 'News&#1; in'),
      /xmlParseCharRef: invalid xmlChar value 1/,
    ],
    ['a second unescaped ]]>', edit(RSS, '</p>]]>', '</p>]]> oops ]]>'), /Sequence ']]>' not allowed in content/],
    [
      'unescaped < in an attribute',
      edit(RSS, 'length="12345"', 'length="1<2"'),
      /Unescaped '<' not allowed in attributes values/,
    ],
    ['an HTML entity', edit(RSS, 'News in', 'News&nbsp;in'), /Entity 'nbsp' not defined/],
    [
      'an undeclared namespace prefix',
      edit(RSS, 'xmlns:dc="http://purl.org/dc/elements/1.1/"', ''),
      /Namespace prefix dc on creator is not defined/,
    ],
    ['a mismatched end tag', edit(RSS, '</language>', '</lang>'), /mismatch/],
  ])('rejects %s', async (_name, xml, message) => {
    await expect(assertWellFormed(xml)).rejects.toThrow(message);
  });
});

describe('validateAtom', () => {
  test('accepts the valid fixture', async () => {
    expect(await validateAtom(ATOM)).toEqual([]);
  });

  test.each([
    [
      'missing feed id',
      edit(ATOM, '<id>https://example.com/</id>', ''),
      /feed: must have exactly one atom:id \(found 0\)/,
    ],
    [
      'missing entry id',
      edit(ATOM, '<id>tag:example.com,2018:hello</id>', ''),
      /entry\[0\]: must have exactly one atom:id/,
    ],
    [
      'an RFC 822 date',
      edit(ATOM, '<updated>2018-08-24T00:00:00Z', '<updated>Fri, 24 Aug 2018 00:00:00 GMT'),
      /Type dateTime doesn't allow value/,
    ],
    [
      'a date without time zone',
      edit(ATOM, '2018-08-24T00:00:00Z', '2018-08-24T00:00:00'),
      /is not an RFC 3339 date-time/,
    ],
    ['a relative id', edit(ATOM, '<id>https://example.com/</id>', '<id>/feed</id>'), /not an absolute IRI/],
    ['no author anywhere', edit(ATOM, /<author>.*<\/author>/, ''), /entry\[0\]: no atom:author/],
    [
      'an entry with neither content nor alternate link',
      edit(ATOM, '<link href="https://example.com/link-only"/>', ''),
      /entry\[1\]: no atom:content and no alternate link/,
    ],
    ['no self link', edit(ATOM, /<link rel="self"[^>]*>/, ''), /missing atom:link rel="self"/],
    ['an unknown Atom element', edit(ATOM, /summary>/g, 'sumary>'), /Relax-NG validity error/],
    ['a control character', edit(ATOM, 'Link only', 'Link\u0001only'), /parser error : PCDATA invalid Char value 1/],
  ])('reports %s', async (_name, xml, message) => {
    expect(await validateAtom(xml)).toEqual(some(message));
  });
});

describe('checkRssProfile', () => {
  test('accepts the valid fixture', () => {
    expect(checkRssProfile(RSS)).toEqual([]);
  });

  test.each([
    ['a wrong version', edit(RSS, 'version="2.0"', 'version="0.91"'), /version must be "2.0"/],
    [
      'a missing channel description',
      edit(RSS, /<description>News[^<]*<\/description>/, ''),
      /exactly one <description> \(found 0\)/,
    ],
    [
      'a relative channel link',
      edit(RSS, '<link>https://example.com/</link>', '<link>/</link>'),
      /channel <link> "\/" is not an absolute http\(s\) URL/,
    ],
    ['a non-BCP 47 language', edit(RSS, 'en-US', 'en_US'), /not a BCP 47 tag/],
    [
      'an ISO date',
      edit(RSS, 'Fri, 24 Aug 2018 00:00:00 GMT', '2018-08-24T00:00:00Z'),
      /<pubDate> .* is not an RFC 822 date/,
    ],
    [
      'a 2-digit year',
      edit(RSS, 'Thu, 23 Aug 2018', 'Thu, 23 Aug 18'),
      /item\[0\] <pubDate> .* is not an RFC 822 date/,
    ],
    [
      'a wrong weekday',
      edit(RSS, 'Fri, 24 Aug 2018 02:00', 'Mon, 24 Aug 2018 02:00'),
      /weekday Mon but that date is a Fri/,
    ],
    [
      'an author without e-mail',
      edit(RSS, 'ada@example.com (Ada Lovelace)', 'Ada Lovelace'),
      /<author> "Ada Lovelace" is not an e-mail address/,
    ],
    [
      'an item without title or description',
      edit(RSS, '<description>An item with only a description.</description>', ''),
      /item\[1\]: needs a non-empty <title> or <description>/,
    ],
    [
      'a non-URL permalink guid',
      edit(RSS, ' isPermaLink="false"', ''),
      /item\[1\] <guid> .* is a permalink but not an absolute http\(s\) URL/,
    ],
    [
      'a relative enclosure url',
      edit(RSS, 'url="https://example.com/hello.mp3"', 'url="/hello.mp3"'),
      /<enclosure> url "\/hello.mp3" is not an absolute/,
    ],
    ['two enclosures', edit(RSS, /(<enclosure[^>]*>)/, '$1$1'), /has 2 <enclosure> elements/],
    ['a bad enclosure length', edit(RSS, 'length="12345"', 'length="-1"'), /length "-1" is not a non-negative integer/],
    ['a bad enclosure type', edit(RSS, 'type="audio/mpeg"', 'type="mp3"'), /type "mp3" is not a MIME type/],
    ['a missing self link', edit(RSS, /<atom:link[^>]*>/, ''), /missing <atom:link rel="self">/],
    [
      'an undeclared atom prefix',
      edit(RSS, 'xmlns:atom="http://www.w3.org/2005/Atom"', ''),
      /prefix "atom" of atom:link is not declared/,
    ],
    [
      'content:encoded without its namespace',
      edit(RSS, 'xmlns:content="http://purl.org/rss/1.0/modules/content/"', ''),
      /prefix "content" of content:encoded is not declared/,
    ],
    [
      'dc bound to the wrong URI',
      edit(RSS, 'http://purl.org/dc/elements/1.1/', 'http://purl.org/dc/terms/'),
      /xmlns:dc must be http:\/\/purl.org\/dc\/elements\/1.1\//,
    ],
    ['a negative ttl', edit(RSS, '<ttl>60</ttl>', '<ttl>-5</ttl>'), /<ttl> "-5" is not a non-negative integer/],
    ['two channels', edit(RSS, '</channel>', '</channel><channel/>'), /exactly one <channel> \(found 2\)/],
  ])('reports %s', (_name, xml, message) => {
    expect(checkRssProfile(xml)).toEqual(some(message));
  });
});

describe('validateJsonFeed', () => {
  const withChanges = (changes: Record<string, unknown>, item: Record<string, unknown> = {}) => {
    const items = JSON_FEED.items as Record<string, unknown>[];
    return { ...JSON_FEED, ...changes, items: [{ ...items[0], ...item }, ...items.slice(1)] };
  };
  const without = (doc: Record<string, unknown>, key: string) =>
    Object.fromEntries(Object.entries(doc).filter(([k]) => k !== key));

  test('accepts the valid fixture, as object or JSON text', () => {
    expect(validateJsonFeed(JSON_FEED)).toEqual([]);
    expect(validateJsonFeed(fixture('valid.feed.json'))).toEqual([]);
  });

  test.each([
    ['a missing version', without(JSON_FEED, 'version'), /^\$: must have required property 'version'/],
    [
      'a 1.0 version',
      withChanges({ version: 'https://jsonfeed.org/version/1' }),
      /^\$\.version: must be equal to constant/,
    ],
    [
      'a 1.0-style singular author',
      { ...without(JSON_FEED, 'authors'), author: { name: 'Ada' } },
      /^\$: has deprecated JSON Feed 1.0 "author"/,
    ],
    [
      'a 1.0-style item author',
      withChanges({}, { author: { name: 'Ada' } }),
      /^\$\.items\[0\]: has deprecated JSON Feed 1.0 "author"/,
    ],
    ['an author with nothing in it', withChanges({ authors: [{}] }), /^\$\.authors\[0\]: must match a schema in anyOf/],
    ['an item without id', withChanges({}, { id: undefined }), /^\$\.items\[0\]: must have required property 'id'/],
    ['a numeric id', withChanges({}, { id: 1 }), /^\$\.items\[0\]\.id: must be string/],
    [
      'a bad date',
      withChanges({}, { date_published: 'Fri, 24 Aug 2018 00:00:00 GMT' }),
      /^\$\.items\[0\]\.date_published: must match pattern/,
    ],
    ['a relative url', withChanges({ home_page_url: '/' }), /^\$\.home_page_url: must match pattern/],
    [
      'an unknown key',
      withChanges({}, { summery: 'x' }),
      /^\$\.items\[0\]: must NOT have additional properties "summery"/,
    ],
    ['invalid JSON text', '{"version":', /^\$: not valid JSON/],
  ])('reports %s', (_name, doc, message) => {
    expect(validateJsonFeed(JSON.parse(JSON.stringify(doc)))).toEqual(some(message));
  });
});
