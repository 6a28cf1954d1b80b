// The podcast elements of a show's RSS feed (Apple's itunes: and the podcast namespace 1.0) and its JSON
// Feed attachment: parsed back from a whole document, checked against Apple's rules, and escaped.
import { describe, expect, it } from 'vitest';
import type { Article, Show } from '../../../src/core/article.ts';
import { cleanText } from '../../../src/core/text.ts';
import {
  episodeAttachmentExtras,
  episodeItemElements,
  PODCAST_NAMESPACES,
  showChannelElements,
} from '../../../src/feed/podcast.ts';
import {
  assertWellFormed,
  attrOf,
  checkRssProfile,
  childrenOf,
  parseXml,
  textOf,
  validateJsonFeed,
  type XmlNode,
} from '../../support/index.ts';
import { baseItemElements, checkPodcastRss, podcastRss, sampleEpisode, sampleShow } from '../../support/podcast.ts';

/** The feed of `show` with one item per article. */
function render(show: Show, articles: Article[] = [sampleEpisode()]): string {
  return podcastRss(
    show,
    showChannelElements(show),
    articles.map((a) => [...baseItemElements(a), ...episodeItemElements(a, show)]),
  );
}

const channelOf = (xml: string): XmlNode => childrenOf(parseXml(xml).rss, 'channel')[0] as XmlNode;
const itemOf = (xml: string): XmlNode => childrenOf(channelOf(xml), 'item')[0] as XmlNode;
const text = (node: XmlNode, name: string) => textOf(childrenOf(node, name)[0]);
const has = (node: XmlNode, name: string) => childrenOf(node, name).length > 0;

/** itunes:category as [parent, [children]]. */
const categoriesOf = (xml: string) =>
  childrenOf(channelOf(xml), 'itunes:category').map((c) => [
    attrOf(c, 'text'),
    childrenOf(c, 'itunes:category').map((s) => attrOf(s, 'text')),
  ]);

describe('a show with every field', () => {
  const xml = render(sampleShow());

  it('is well-formed, clean against the RSS Board profile and against Apple and the podcast namespace', async () => {
    await expect(assertWellFormed(xml)).resolves.toBeUndefined();
    expect(checkRssProfile(xml)).toEqual([]);
    expect(checkPodcastRss(xml)).toEqual([]);
  });

  it('declares the itunes and podcast namespaces', () => {
    expect(PODCAST_NAMESPACES).toEqual({
      'xmlns:itunes': 'http://www.itunes.com/dtds/podcast-1.0.dtd',
      'xmlns:podcast': 'https://podcastindex.org/namespace/1.0',
    });
  });

  it('gives the channel its author, owner, cover art, explicit flag, type and guid', () => {
    const channel = channelOf(xml);
    const owner = childrenOf(channel, 'itunes:owner')[0] as XmlNode;
    expect({
      author: text(channel, 'itunes:author'),
      owner: [text(owner, 'itunes:name'), text(owner, 'itunes:email')],
      image: attrOf(childrenOf(channel, 'itunes:image')[0], 'href'),
      explicit: text(channel, 'itunes:explicit'),
      type: text(channel, 'itunes:type'),
      guid: text(channel, 'podcast:guid'),
      medium: text(channel, 'podcast:medium'),
    }).toEqual({
      author: 'Herald News',
      owner: ['Ada Editor', 'podcast@news.example.org'],
      image: 'https://news.example.org/podcasts/weekly/cover.jpg',
      explicit: 'false',
      type: 'episodic',
      guid: 'a80fba91-b030-545a-8f83-fd6eb67b8ff7',
      medium: 'podcast',
    });
  });

  it('nests each subcategory in one element of its category, categories in the order first given', () => {
    expect(categoriesOf(xml)).toEqual([
      ['News', ['Daily News', 'Politics']],
      ['Society & Culture', []],
    ]);
    // The raw bytes: "&" escaped in the attribute, as Apple's guide shows it.
    expect(xml).toContain('<itunes:category text="Society &amp; Culture"/>');
  });

  it('locks the feed with the owner e-mail, and links the funding page with its text', () => {
    const channel = channelOf(xml);
    const locked = childrenOf(channel, 'podcast:locked')[0];
    const funding = childrenOf(channel, 'podcast:funding')[0];
    expect([textOf(locked), attrOf(locked, 'owner')]).toEqual(['yes', 'podcast@news.example.org']);
    expect([textOf(funding), attrOf(funding, 'url')]).toEqual(['Support the show', 'https://news.example.org/support']);
  });

  it("leaves the channel's title, link, description, language and image to the RSS renderer, and writes no itunes:summary", () => {
    const names = showChannelElements(sampleShow()).map((e) => /^<([^\s/>]+)/.exec(e)?.[1]);
    expect(names.filter((n) => !n?.startsWith('itunes:') && !n?.startsWith('podcast:'))).toEqual([]);
    expect(names).not.toContain('itunes:summary');
    const channel = channelOf(xml);
    for (const name of ['title', 'link', 'description', 'language']) expect(childrenOf(channel, name)).toHaveLength(1);
  });

  it('gives the episode its duration in seconds, season, number, type, explicit flag and art', () => {
    const item = itemOf(xml);
    expect({
      duration: text(item, 'itunes:duration'),
      season: [text(item, 'itunes:season'), text(item, 'podcast:season')],
      episode: [text(item, 'itunes:episode'), text(item, 'podcast:episode')],
      type: text(item, 'itunes:episodeType'),
      explicit: text(item, 'itunes:explicit'),
      image: attrOf(childrenOf(item, 'itunes:image')[0], 'href'),
    }).toEqual({
      duration: '3723',
      season: ['2', '2'],
      episode: ['7', '7'],
      type: 'full',
      explicit: 'false',
      image: 'https://news.example.org/2024/05/episode-7/art.png',
    });
  });

  it('lists the transcripts with their type, and language and rel only when given', () => {
    const transcripts = childrenOf(itemOf(xml), 'podcast:transcript').map((t) =>
      Object.fromEntries(['url', 'type', 'language', 'rel'].map((a) => [a, attrOf(t, a)])),
    );
    expect(transcripts).toEqual([
      {
        url: 'https://news.example.org/2024/05/episode-7/transcript.vtt',
        type: 'text/vtt',
        language: 'en',
        rel: undefined,
      },
      {
        url: 'https://news.example.org/2024/05/episode-7/captions.srt',
        type: 'application/srt',
        language: undefined,
        rel: 'captions',
      },
    ]);
  });

  it('links the chapters as JSON chapters', () => {
    const chapters = childrenOf(itemOf(xml), 'podcast:chapters')[0];
    expect([attrOf(chapters, 'url'), attrOf(chapters, 'type')]).toEqual([
      'https://news.example.org/2024/05/episode-7/chapters.json',
      'application/json+chapters',
    ]);
  });

  it('names the people with their role, group, picture and page', () => {
    const persons = childrenOf(itemOf(xml), 'podcast:person').map((p) => [
      textOf(p),
      ...['role', 'group', 'img', 'href'].map((a) => attrOf(p, a)),
    ]);
    expect(persons).toEqual([
      ['Ada Editor', 'host', undefined, undefined, 'https://news.example.org/ada/'],
      ['Bo Guest', 'guest', 'cast', 'https://news.example.org/bo.jpg', 'https://bo.example.org/'],
    ]);
  });

  it("leaves the item's enclosure and guid to the RSS renderer: one of each", () => {
    const item = itemOf(xml);
    expect([childrenOf(item, 'enclosure').length, childrenOf(item, 'guid').length]).toEqual([1, 1]);
  });
});

describe('the choices a show or an episode makes', () => {
  it('writes explicit as true or false: the show sets it, an episode may override it either way', () => {
    const clean = sampleShow({ explicit: false });
    const explicit = sampleShow({ explicit: true });
    const itemExplicit = (show: Show, value?: boolean) =>
      text(itemOf(render(show, [sampleEpisode({}, { explicit: value })])), 'itunes:explicit');
    expect(text(channelOf(render(explicit)), 'itunes:explicit')).toBe('true');
    expect([itemExplicit(clean), itemExplicit(explicit)]).toEqual(['false', 'true']);
    expect([itemExplicit(clean, true), itemExplicit(explicit, false)]).toEqual(['true', 'false']);
  });

  it('writes an unlocked feed as "no", still with the owner, and no lock when none is set', () => {
    const locked = (show: Show) => childrenOf(channelOf(render(show)), 'podcast:locked');
    const open = locked(sampleShow({ locked: false }))[0];
    expect([textOf(open), attrOf(open, 'owner')]).toEqual(['no', 'podcast@news.example.org']);
    expect(locked(sampleShow({ locked: undefined }))).toEqual([]);
  });

  it('writes no funding and no medium when none is set', () => {
    const channel = channelOf(render(sampleShow({ funding: undefined, medium: undefined })));
    expect([has(channel, 'podcast:funding'), has(channel, 'podcast:medium')]).toEqual([false, false]);
  });

  it('writes a serial show as serial, and a trailer or bonus episode as such', () => {
    const show = sampleShow({ type: 'serial' });
    expect(text(channelOf(render(show)), 'itunes:type')).toBe('serial');
    for (const episodeType of ['trailer', 'bonus'] as const)
      expect(text(itemOf(render(show, [sampleEpisode({}, { episodeType })])), 'itunes:episodeType')).toBe(episodeType);
  });

  it('merges a category given alone and with a subcategory, and a subcategory given twice', () => {
    const show = sampleShow({
      categories: ['Technology', 'News', 'News > Tech News', 'Technology', 'News > Tech News', 'News > Politics'],
    });
    expect(categoriesOf(render(show))).toEqual([
      ['Technology', []],
      ['News', ['Tech News', 'Politics']],
    ]);
  });

  it("leaves out a category that is not Apple's (loading reports it) and keeps the rest", () => {
    const show = sampleShow({ categories: ['Cooking', 'Arts > Food', 'Arts > Politics'] });
    expect(categoriesOf(render(show))).toEqual([['Arts', ['Food']]]);
  });

  it('rounds the duration to whole seconds, and writes none when unknown', () => {
    const duration = (seconds: number | undefined) =>
      childrenOf(itemOf(render(sampleShow(), [sampleEpisode({}, { duration: seconds })])), 'itunes:duration').map(
        textOf,
      );
    expect(duration(3723.4)).toEqual(['3723']);
    expect(duration(59.5)).toEqual(['60']);
    expect(duration(undefined)).toEqual([]);
    expect(duration(0)).toEqual([]);
  });

  it('writes a decimal episode number only in podcast:episode, where the namespace allows it', () => {
    const item = itemOf(render(sampleShow(), [sampleEpisode({}, { episode: 100.5 })]));
    expect([has(item, 'itunes:episode'), text(item, 'podcast:episode')]).toEqual([false, '100.5']);
  });

  it('writes no season, number, art, transcript, chapters or people an episode does not have', () => {
    const bare = sampleEpisode(
      { image: undefined },
      { season: undefined, episode: undefined, transcripts: [], chapters: undefined, persons: [] },
    );
    const xml = render(sampleShow(), [bare]);
    const item = itemOf(xml);
    const absent = [
      'itunes:season',
      'itunes:episode',
      'itunes:image',
      'podcast:season',
      'podcast:episode',
      'podcast:transcript',
      'podcast:chapters',
      'podcast:person',
    ];
    expect(absent.filter((n) => has(item, n))).toEqual([]);
    expect(checkPodcastRss(xml)).toEqual([]);
  });

  it('adds nothing to an article that is not an episode', () => {
    expect(episodeItemElements(sampleEpisode({ episode: undefined }), sampleShow())).toEqual([]);
    expect(episodeAttachmentExtras(sampleEpisode({ episode: undefined }))).toEqual({});
  });
});

describe('hostile text', () => {
  // Markup, quotes, a CDATA terminator, controls XML 1.0 forbids, and white space an attribute would fold.
  const HOSTILE = 'A & B <b>"q"</b> \'s ]]> \u0001\u0008\u000B\uFFFE x\ty\nz\r!';
  const CLEAN = cleanText(HOSTILE);
  const url = `https://example.org/?q=${HOSTILE}`;
  const show = sampleShow({
    author: HOSTILE,
    owner: { name: HOSTILE, email: `a&b"<c>@example.org${HOSTILE}` },
    image: url,
    categories: ['Kids & Family > Pets & Animals'],
    guid: HOSTILE,
    funding: { url, text: HOSTILE },
    medium: HOSTILE,
  });
  const episode = sampleEpisode(
    { image: url },
    {
      transcripts: [{ url, type: HOSTILE, language: HOSTILE, rel: HOSTILE }],
      chapters: url,
      persons: [{ name: HOSTILE, role: HOSTILE, group: HOSTILE, img: url, href: url }],
    },
  );
  const xml = render(show, [episode]);

  it('keeps the document well-formed', async () => {
    await expect(assertWellFormed(xml)).resolves.toBeUndefined();
  });

  it('reads back every text exactly, less the characters XML cannot carry', () => {
    const channel = channelOf(xml);
    const owner = childrenOf(channel, 'itunes:owner')[0] as XmlNode;
    const item = itemOf(xml);
    const person = childrenOf(item, 'podcast:person')[0];
    const transcript = childrenOf(item, 'podcast:transcript')[0];
    const texts = [
      text(channel, 'itunes:author'),
      text(owner, 'itunes:name'),
      text(channel, 'podcast:guid'),
      text(channel, 'podcast:funding'),
      text(channel, 'podcast:medium'),
      textOf(person),
      ...['role', 'group'].map((a) => attrOf(person, a)),
      ...['type', 'language', 'rel'].map((a) => attrOf(transcript, a)),
    ];
    expect(texts).toEqual(Array(texts.length).fill(CLEAN));
    expect(text(owner, 'itunes:email')).toBe(cleanText(`a&b"<c>@example.org${HOSTILE}`));
    expect(attrOf(childrenOf(channel, 'podcast:locked')[0], 'owner')).toBe(cleanText(`a&b"<c>@example.org${HOSTILE}`));
  });

  it('reads back every URL exactly', () => {
    const channel = channelOf(xml);
    const item = itemOf(xml);
    const urls = [
      attrOf(childrenOf(channel, 'itunes:image')[0], 'href'),
      attrOf(childrenOf(channel, 'podcast:funding')[0], 'url'),
      attrOf(childrenOf(item, 'itunes:image')[0], 'href'),
      attrOf(childrenOf(item, 'podcast:transcript')[0], 'url'),
      attrOf(childrenOf(item, 'podcast:chapters')[0], 'url'),
      ...['img', 'href'].map((a) => attrOf(childrenOf(item, 'podcast:person')[0], a)),
    ];
    expect(urls).toEqual(Array(urls.length).fill(cleanText(url)));
  });

  it('escapes the "&" of a category and its subcategory', () => {
    expect(categoriesOf(xml)).toEqual([['Kids & Family', ['Pets & Animals']]]);
    expect(xml).toContain('<itunes:category text="Kids &amp; Family">');
    expect(xml).toContain('<itunes:category text="Pets &amp; Animals"/>');
  });
});

describe('the podcast checker (tests/support/podcast.ts)', () => {
  const xml = render(sampleShow());

  it.each([
    ['<itunes:explicit>false</itunes:explicit>', '<itunes:explicit>no</itunes:explicit>', 'must be "true" or "false"'],
    [
      '<itunes:category text="News">\n<itunes:category text="Daily News"/>',
      '<itunes:category text="News"/><itunes:category text="Daily News">',
      'is not an Apple category',
    ],
    ['https://podcastindex.org/namespace/1.0', 'https://podcastindex.org/namespace/1.1', 'xmlns:podcast must be'],
    ['a80fba91-b030-545a-8f83-fd6eb67b8ff7', 'a80fba91-b030-445a-8f83-fd6eb67b8ff7', 'is not a UUIDv5'],
    ['<itunes:duration>3723</itunes:duration>', '<itunes:duration>1h2m</itunes:duration>', 'neither seconds nor'],
    ['<podcast:locked owner', '<podcast:locked owner="x" data', 'is not an e-mail address'],
    ['type="application/json+chapters"', 'type="chapters"', '<podcast:chapters> type is not a MIME type'],
  ])('catches %j written as %j', (good, bad, problem) => {
    expect(xml).toContain(good);
    expect(checkPodcastRss(xml.replace(good, bad)).join('\n')).toContain(problem);
  });
});

describe('episodeAttachmentExtras', () => {
  it("gives the attachment the episode's duration in whole seconds, and nothing when it is unknown", () => {
    expect(episodeAttachmentExtras(sampleEpisode())).toEqual({ duration_in_seconds: 3723 });
    expect(episodeAttachmentExtras(sampleEpisode({}, { duration: 59.5 }))).toEqual({ duration_in_seconds: 60 });
    expect(episodeAttachmentExtras(sampleEpisode({}, { duration: undefined }))).toEqual({});
  });

  it('makes an attachment valid against the JSON Feed 1.1 schema', () => {
    const article = sampleEpisode();
    const enclosure = article.enclosure as NonNullable<Article['enclosure']>;
    const feed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'The Weekly',
      items: [
        {
          id: article.id,
          content_text: article.summary,
          attachments: [
            {
              url: enclosure.url,
              mime_type: enclosure.type,
              size_in_bytes: enclosure.length,
              ...episodeAttachmentExtras(article),
            },
          ],
        },
      ],
    };
    expect(validateJsonFeed(JSON.stringify(feed))).toEqual([]);
  });
});
