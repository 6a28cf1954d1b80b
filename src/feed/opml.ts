// OPML 2.0 subscription list of every feed, for one-click import into a reader.
import type { Site } from '../core/article.ts';
import type { FeedGroup, Listings } from '../store/listings.ts';
import { feedUrl, rfc822Date } from './model.ts';
import { emptyElement, parentElement, textElement, XML_DECLARATION } from './xml.ts';

function outline(site: Site, group: FeedGroup, title: string): string {
  // One outline per feed, in RSS: listing all three formats would subscribe readers three times.
  return emptyElement('outline', {
    type: 'rss',
    text: title,
    title,
    xmlUrl: feedUrl(site, group.selector, 'rss'),
    htmlUrl: site.url,
  });
}

export function renderOpml(site: Site, updated: number, { tags, authors, shows }: Listings): string {
  // A tag's or author's feed is named after the site; a show has a title of its own.
  const folder = (text: string, groups: FeedGroup[], named = (g: FeedGroup) => `${site.title}: ${g.title}`) =>
    groups.length
      ? parentElement(
          'outline',
          { text },
          groups.map((g) => outline(site, g, named(g))),
        )
      : '';
  const opml = parentElement('opml', { version: '2.0' }, [
    parentElement('head', {}, [
      textElement('title', `${site.title}: all feeds`),
      textElement('dateModified', rfc822Date(updated)),
      textElement('ownerName', site.author.name),
      textElement('ownerEmail', site.author.email),
      textElement('docs', 'http://opml.org/spec2.opml'),
    ]),
    parentElement('body', {}, [
      outline(site, { title: site.title, selector: { kind: 'all' }, count: 0 }, site.title),
      folder('Podcasts', shows, (g) => g.title),
      folder('Tags', tags),
      folder('Authors', authors),
    ]),
  ]);
  return `${XML_DECLARATION}${opml}\n`;
}
