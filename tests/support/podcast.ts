// Podcast feed test support: a show and an episode to render, a minimal RSS document around the podcast
// elements, and a checker for what Apple Podcasts and the podcast namespace 1.0 require of a show's feed.

import { parseAppleCategory } from '../../src/content/apple-categories.ts';
import type { Article, Show } from '../../src/core/article.ts';
import { PODCAST_NAMESPACES } from '../../src/feed/podcast.ts';
import { emptyElement, parentElement, textElement, XML_DECLARATION } from '../../src/feed/xml.ts';
import { isAbsoluteUrl } from './rss.ts';
import { attrOf, childrenOf, parseXml, textOf, type XmlNode } from './xml.ts';

export const SHOW_FEED_URL = 'https://news.example.org/podcasts/weekly/rss.xml';

/** A show with every optional field set; override what a test is about. */
export function sampleShow(overrides: Partial<Show> = {}): Show {
  return {
    id: 'weekly',
    title: 'The Weekly',
    description: 'News of the week',
    author: 'Herald News',
    owner: { name: 'Ada Editor', email: 'podcast@news.example.org' },
    image: 'https://news.example.org/podcasts/weekly/cover.jpg',
    categories: ['News > Daily News', 'Society & Culture', 'News > Politics'],
    explicit: false,
    type: 'episodic',
    language: 'en',
    funding: { url: 'https://news.example.org/support', text: 'Support the show' },
    locked: true,
    medium: 'podcast',
    // podcastGuid(SHOW_FEED_URL), as Python's uuid.uuid5 computes it.
    guid: 'a80fba91-b030-545a-8f83-fd6eb67b8ff7',
    ...overrides,
  };
}

/** An episode article of `sampleShow()` with every optional field set. */
export function sampleEpisode(overrides: Partial<Article> = {}, episode: Partial<Article['episode']> = {}): Article {
  return {
    slug: '2024/05/episode-7',
    source: 'content/articles/2024/05/episode-7.md',
    id: 'https://news.example.org/2024/05/episode-7/',
    title: 'Episode 7',
    published: Date.UTC(2024, 4, 1),
    updated: Date.UTC(2024, 4, 1),
    summary: 'The seventh episode',
    html: '<p>The seventh episode</p>',
    authors: [{ name: 'Ada Editor' }],
    tags: [],
    image: 'https://news.example.org/2024/05/episode-7/art.png',
    link: 'https://news.example.org/2024/05/episode-7/',
    external: false,
    enclosure: { url: 'https://media.example.org/weekly/7.mp3', type: 'audio/mpeg', length: 31_415_926 },
    episode: {
      show: 'weekly',
      duration: 3723,
      season: 2,
      episode: 7,
      episodeType: 'full',
      transcripts: [
        { url: 'https://news.example.org/2024/05/episode-7/transcript.vtt', type: 'text/vtt', language: 'en' },
        {
          url: 'https://news.example.org/2024/05/episode-7/captions.srt',
          type: 'application/srt',
          rel: 'captions',
        },
      ],
      chapters: 'https://news.example.org/2024/05/episode-7/chapters.json',
      persons: [
        { name: 'Ada Editor', role: 'host', href: 'https://news.example.org/ada/' },
        {
          name: 'Bo Guest',
          role: 'guest',
          group: 'cast',
          img: 'https://news.example.org/bo.jpg',
          href: 'https://bo.example.org/',
        },
      ],
      ...episode,
    },
    ...overrides,
  };
}

/** The elements every RSS item has, as the RSS renderer writes them: what the podcast elements go beside. */
export function baseItemElements(article: Article): string[] {
  return [
    textElement('title', article.title),
    textElement('link', article.link),
    textElement('guid', article.id, { isPermaLink: 'true' }),
    textElement('pubDate', new Date(article.published).toUTCString()),
    textElement('description', article.summary),
    article.enclosure
      ? emptyElement('enclosure', {
          url: article.enclosure.url,
          length: article.enclosure.length,
          type: article.enclosure.type,
        })
      : '',
  ];
}

/** A whole RSS 2.0 document of a show: the channel elements the RSS renderer writes, then `channel`
 * (the show's elements), then one <item> per element list. */
export function podcastRss(show: Show, channel: string[], items: string[][]): string {
  return `${XML_DECLARATION}${parentElement(
    'rss',
    { version: '2.0', 'xmlns:atom': 'http://www.w3.org/2005/Atom', ...PODCAST_NAMESPACES },
    [
      parentElement('channel', {}, [
        textElement('title', show.title),
        textElement('link', 'https://news.example.org/'),
        textElement('description', show.description),
        textElement('language', show.language),
        emptyElement('atom:link', { rel: 'self', href: SHOW_FEED_URL, type: 'application/rss+xml' }),
        ...channel,
        ...items.map((item) => parentElement('item', {}, item)),
      ]),
    ],
  )}\n`;
}

/** Written out rather than taken from PODCAST_NAMESPACES, so a wrong URI there is caught. */
const PODCAST_NAMESPACE_URIS = {
  'xmlns:itunes': 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  'xmlns:podcast': 'https://podcastindex.org/namespace/1.0',
};

const GUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DURATION = /^(?:\d+|\d+:[0-5]\d|\d+:[0-5]\d:[0-5]\d)$/;
const WHOLE = /^[1-9]\d*$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MIME = /^[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*$/;
/** podcast namespace 1.0, medium (each also with an "L" for a list). */
const MEDIUMS = ['podcast', 'music', 'video', 'film', 'audiobook', 'newsletter', 'blog', 'publisher', 'course'];

function exactlyOne(node: XmlNode, name: string, where: string, errors: string[]): XmlNode | undefined {
  const found = childrenOf(node, name);
  if (found.length !== 1) errors.push(`${where}: must have exactly one <${name}> (found ${found.length})`);
  return found[0];
}

function atMostOne(node: XmlNode, name: string, where: string, errors: string[]): XmlNode | undefined {
  const found = childrenOf(node, name);
  if (found.length > 1) errors.push(`${where}: has ${found.length} <${name}> (at most one)`);
  return found[0];
}

function checkExplicit(node: XmlNode, where: string, errors: string[], required: boolean): void {
  const explicit = required
    ? exactlyOne(node, 'itunes:explicit', where, errors)
    : atMostOne(node, 'itunes:explicit', where, errors);
  if (explicit && !['true', 'false'].includes(textOf(explicit)))
    errors.push(`${where} <itunes:explicit> "${textOf(explicit)}" must be "true" or "false"`);
}

function checkCategories(channel: XmlNode, errors: string[]): void {
  const categories = childrenOf(channel, 'itunes:category');
  if (categories.length === 0) errors.push('channel: needs at least one <itunes:category>');
  const seen = new Set<string>();
  for (const category of categories) {
    const parent = attrOf(category, 'text') ?? '';
    if (seen.has(parent))
      errors.push(`channel <itunes:category text="${parent}"> appears twice (nest its subcategories in one)`);
    seen.add(parent);
    if (!parseAppleCategory(parent).ok)
      errors.push(`channel <itunes:category text="${parent}"> is not an Apple category`);
    for (const sub of childrenOf(category, 'itunes:category')) {
      const child = attrOf(sub, 'text') ?? '';
      if (!parseAppleCategory(`${parent} > ${child}`).ok)
        errors.push(`channel <itunes:category text="${parent}"> holds "${child}", not one of its subcategories`);
      if (childrenOf(sub, 'itunes:category').length > 0)
        errors.push(`channel <itunes:category text="${child}"> nests a third level`);
    }
  }
}

function checkChannel(channel: XmlNode, errors: string[]): void {
  const author = exactlyOne(channel, 'itunes:author', 'channel', errors);
  if (author && !textOf(author).trim()) errors.push('channel <itunes:author> is empty');
  const owner = exactlyOne(channel, 'itunes:owner', 'channel', errors);
  if (owner) {
    const email = textOf(childrenOf(owner, 'itunes:email')[0]);
    if (!EMAIL.test(email)) errors.push(`channel <itunes:owner> <itunes:email> "${email}" is not an e-mail address`);
  }
  const image = exactlyOne(channel, 'itunes:image', 'channel', errors);
  if (image && !isAbsoluteUrl(attrOf(image, 'href')))
    errors.push(`channel <itunes:image> href "${attrOf(image, 'href') ?? ''}" is not an absolute http(s) URL`);
  checkCategories(channel, errors);
  checkExplicit(channel, 'channel', errors, true);
  const type = atMostOne(channel, 'itunes:type', 'channel', errors);
  if (type && !['episodic', 'serial'].includes(textOf(type)))
    errors.push(`channel <itunes:type> "${textOf(type)}" must be "episodic" or "serial"`);
  const guid = atMostOne(channel, 'podcast:guid', 'channel', errors);
  if (guid && !GUID_V5.test(textOf(guid))) errors.push(`channel <podcast:guid> "${textOf(guid)}" is not a UUIDv5`);
  const locked = atMostOne(channel, 'podcast:locked', 'channel', errors);
  if (locked) {
    if (!['yes', 'no'].includes(textOf(locked)))
      errors.push(`channel <podcast:locked> "${textOf(locked)}" must be "yes" or "no"`);
    const lockOwner = attrOf(locked, 'owner');
    if (lockOwner !== undefined && !EMAIL.test(lockOwner))
      errors.push(`channel <podcast:locked> owner "${lockOwner}" is not an e-mail address`);
  }
  for (const funding of childrenOf(channel, 'podcast:funding')) {
    if (!isAbsoluteUrl(attrOf(funding, 'url')))
      errors.push(`channel <podcast:funding> url "${attrOf(funding, 'url') ?? ''}" is not an absolute http(s) URL`);
  }
  const medium = atMostOne(channel, 'podcast:medium', 'channel', errors);
  if (medium && !MEDIUMS.some((m) => textOf(medium) === m || textOf(medium) === `${m}L`))
    errors.push(`channel <podcast:medium> "${textOf(medium)}" is not a medium of the podcast namespace`);
}

function checkEpisode(item: XmlNode, where: string, errors: string[]): void {
  const enclosure = exactlyOne(item, 'enclosure', where, errors);
  if (enclosure) {
    if (!isAbsoluteUrl(attrOf(enclosure, 'url')))
      errors.push(`${where} <enclosure> url is not an absolute http(s) URL`);
    if (!/^\d+$/.test(attrOf(enclosure, 'length') ?? ''))
      errors.push(`${where} <enclosure> length is not a number of bytes`);
    if (!MIME.test(attrOf(enclosure, 'type') ?? '')) errors.push(`${where} <enclosure> type is not a MIME type`);
  }
  exactlyOne(item, 'guid', where, errors);
  const duration = atMostOne(item, 'itunes:duration', where, errors);
  if (duration && !DURATION.test(textOf(duration)))
    errors.push(`${where} <itunes:duration> "${textOf(duration)}" is neither seconds nor H:MM:SS`);
  for (const name of ['itunes:season', 'itunes:episode', 'podcast:season']) {
    const node = atMostOne(item, name, where, errors);
    if (node && !WHOLE.test(textOf(node)))
      errors.push(`${where} <${name}> "${textOf(node)}" is not a positive whole number`);
  }
  const episode = atMostOne(item, 'podcast:episode', where, errors);
  if (episode && !DECIMAL.test(textOf(episode)))
    errors.push(`${where} <podcast:episode> "${textOf(episode)}" is not a decimal number`);
  const type = atMostOne(item, 'itunes:episodeType', where, errors);
  if (type && !['full', 'trailer', 'bonus'].includes(textOf(type)))
    errors.push(`${where} <itunes:episodeType> "${textOf(type)}" must be full, trailer or bonus`);
  checkExplicit(item, where, errors, false);
  const image = atMostOne(item, 'itunes:image', where, errors);
  if (image && !isAbsoluteUrl(attrOf(image, 'href')))
    errors.push(`${where} <itunes:image> href is not an absolute http(s) URL`);
  for (const transcript of childrenOf(item, 'podcast:transcript')) {
    if (!isAbsoluteUrl(attrOf(transcript, 'url')))
      errors.push(`${where} <podcast:transcript> url is not an absolute http(s) URL`);
    if (!MIME.test(attrOf(transcript, 'type') ?? ''))
      errors.push(`${where} <podcast:transcript> type is not a MIME type`);
  }
  const chapters = atMostOne(item, 'podcast:chapters', where, errors);
  if (chapters) {
    if (!isAbsoluteUrl(attrOf(chapters, 'url')))
      errors.push(`${where} <podcast:chapters> url is not an absolute http(s) URL`);
    if (!MIME.test(attrOf(chapters, 'type') ?? '')) errors.push(`${where} <podcast:chapters> type is not a MIME type`);
  }
  for (const person of childrenOf(item, 'podcast:person')) {
    if (!textOf(person).trim()) errors.push(`${where} <podcast:person> has no name`);
    for (const attr of ['href', 'img']) {
      const url = attrOf(person, attr);
      if (url !== undefined && !isAbsoluteUrl(url))
        errors.push(`${where} <podcast:person> ${attr} is not an absolute http(s) URL`);
    }
  }
}

/** Checks a show's RSS feed against Apple's and the podcast namespace's rules; the problems found (empty
 * when fine). The RSS Board profile is checkRssProfile's. */
export function checkPodcastRss(xml: string): string[] {
  const rss = parseXml(xml).rss as XmlNode | undefined;
  if (!rss || typeof rss !== 'object') return ['root element must be <rss>'];
  const errors: string[] = [];
  for (const [attr, uri] of Object.entries(PODCAST_NAMESPACE_URIS)) {
    if (attrOf(rss, attr) !== uri) errors.push(`<rss> ${attr} must be ${uri} (is ${attrOf(rss, attr) ?? 'absent'})`);
  }
  const channel = childrenOf(rss, 'channel')[0];
  if (!channel) return [...errors, 'no <channel>'];
  checkChannel(channel, errors);
  childrenOf(channel, 'item').forEach((item, i) => {
    checkEpisode(item, `item[${i}]`, errors);
  });
  return errors;
}
