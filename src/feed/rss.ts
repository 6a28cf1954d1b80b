// RSS 2.0 per the RSS Advisory Board profile, with content:encoded, dc:creator, atom:link (self, hub,
// RFC 5005 paging), Media RSS for images, and for a podcast show Apple's and the podcast namespace's
// elements (feed/podcast.ts).
import type { Show } from '../core/article.ts';
import { mediaType } from '../core/media-types.ts';
import { type FeedItem, type FeedModel, rfc822Date } from './model.ts';
import { episodeItemElements, PODCAST_NAMESPACES, showChannelElements } from './podcast.ts';
import { emptyElement, escapeText, FEED_PREAMBLE, parentElement, textElement } from './xml.ts';

const NS = {
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:media': 'http://search.yahoo.com/mrss/',
  'xmlns:fh': 'http://purl.org/syndication/history/1.0',
};

// Readers render <description> as HTML (RSS 2.0: "entity-encoded HTML is allowed"; the RSS Board profile
// calls it the one element that may carry markup), so a plain-text summary is escaped as HTML first and
// then, by textElement, as XML: `<img onerror=...>` in a summary reads as text, never as a live tag.
const htmlOfText = (text: string) => escapeText(text);

// "e-mail (Name)": the name sits in an RFC 822 comment, so its own parentheses would end it early and
// readers would split the address wrongly; square brackets keep the meaning. dc:creator has the exact name.
const mailbox = (email: string, name: string) => `${email} (${name.replace(/\(/g, '[').replace(/\)/g, ']')})`;

/** An article's image as Media RSS states it: media:content for readers that show an item's picture
 * (Feedly, Inoreader), media:thumbnail for those that want a small one; the type when the file's name
 * tells it (Media RSS 1.5.1, "media:content": type is optional). */
function imageElements(url: string): string[] {
  const type = mediaType(new URL(url).pathname)?.split(';')[0];
  return [
    emptyElement('media:content', { url, medium: 'image', type: type?.startsWith('image/') ? type : undefined }),
    emptyElement('media:thumbnail', { url }),
  ];
}

function item({ article: a, html, full }: FeedItem, show: Show | undefined): string {
  // The RSS profile: <author> is an e-mail address; names go in dc:creator.
  const withEmail = a.authors.find((p) => p.email);
  return parentElement('item', {}, [
    textElement('title', a.title),
    textElement('link', a.link),
    // isPermaLink="true" only when the guid is our own article page, which always resolves.
    textElement('guid', a.id, {
      isPermaLink: a.id === a.link && !a.external ? 'true' : 'false',
    }),
    textElement('pubDate', rfc822Date(a.published)),
    textElement('description', htmlOfText(a.summary)),
    full ? textElement('content:encoded', html) : '',
    withEmail?.email ? textElement('author', mailbox(withEmail.email, withEmail.name)) : '',
    ...a.authors.map((p) => textElement('dc:creator', p.name)),
    ...a.tags.map((t) => textElement('category', t)),
    a.enclosure
      ? emptyElement('enclosure', {
          url: a.enclosure.url,
          length: a.enclosure.length,
          type: a.enclosure.type,
        })
      : '',
    ...(a.image ? imageElements(a.image) : []),
    ...(show ? episodeItemElements(a, show) : []),
  ]);
}

export function renderRss(model: FeedModel): string {
  const { site } = model;
  const links = model.links.rss;
  const atomLink = (rel: string, href: string | undefined) =>
    href
      ? emptyElement('atom:link', {
          rel,
          href,
          type: rel === 'hub' ? undefined : 'application/rss+xml',
        })
      : '';
  const { show } = model;
  const image = show ? show.image : (site.logo ?? site.icon);
  const channel = parentElement('channel', {}, [
    textElement('title', model.title),
    textElement('link', model.home),
    textElement('description', htmlOfText(model.description)),
    textElement('language', model.language),
    textElement('copyright', site.copyright),
    site.author.email ? textElement('managingEditor', mailbox(site.author.email, site.author.name)) : '',
    textElement('lastBuildDate', rfc822Date(model.updated)),
    textElement('generator', 'Herald'),
    textElement('docs', 'https://www.rssboard.org/rss-specification'),
    textElement('ttl', String(model.ttlMinutes)),
    image
      ? parentElement('image', {}, [
          textElement('url', image),
          textElement('title', model.title),
          textElement('link', model.home),
        ])
      : '',
    atomLink('self', links.self),
    atomLink('first', links.first),
    atomLink('previous', links.previous),
    atomLink('next', links.next),
    atomLink('last', links.last),
    atomLink('current', links.current),
    atomLink('prev-archive', links.prevArchive),
    atomLink('hub', model.hub),
    // RFC 5005 sections 2 and 4: say whether this document holds the whole feed, or is an archive.
    model.complete ? emptyElement('fh:complete', {}) : '',
    links.current ? emptyElement('fh:archive', {}) : '',
    ...(show ? showChannelElements(show) : []),
    ...model.items.map((i) => item(i, show)),
  ]);
  const namespaces = show ? { ...NS, ...PODCAST_NAMESPACES } : NS;
  return `${FEED_PREAMBLE}${parentElement('rss', { version: '2.0', ...namespaces }, [channel])}\n`;
}
