// Atom 1.0 (RFC 4287), valid against its RELAX NG schema, with RFC 5005 paging and WebSub hub links.
import type { Person } from '../core/article.ts';
import { type FeedItem, type FeedModel, isoDate } from './model.ts';
import { emptyElement, FEED_PREAMBLE, parentElement, textElement } from './xml.ts';

function person(tag: 'author' | 'contributor', p: Person): string {
  return parentElement(tag, {}, [
    textElement('name', p.name),
    textElement('email', p.email),
    textElement('uri', p.url),
  ]);
}

function entry({ article: a, html, full }: FeedItem): string {
  return parentElement('entry', {}, [
    textElement('id', a.id),
    // type="text": a title is plain text and must read back as such (RFC 4287 section 3.1.1).
    textElement('title', a.title, { type: 'text' }),
    textElement('published', isoDate(a.published)),
    textElement('updated', isoDate(a.updated)),
    emptyElement('link', { rel: 'alternate', type: 'text/html', href: a.link }),
    ...a.authors.map((p) => person('author', p)),
    ...a.tags.map((t) => emptyElement('category', { term: t })),
    a.summary ? textElement('summary', a.summary, { type: 'text' }) : '',
    full ? textElement('content', html, { type: 'html' }) : '',
    a.enclosure
      ? emptyElement('link', {
          rel: 'enclosure',
          href: a.enclosure.url,
          type: a.enclosure.type,
          length: a.enclosure.length,
        })
      : '',
    a.image ? emptyElement('media:thumbnail', { url: a.image }) : '',
  ]);
}

export function renderAtom(model: FeedModel): string {
  const { site } = model;
  const links = model.links.atom;
  const link = (rel: string, href: string | undefined, type = 'application/atom+xml') =>
    href ? emptyElement('link', { rel, href, type }) : '';
  const feed = parentElement(
    'feed',
    {
      xmlns: 'http://www.w3.org/2005/Atom',
      'xmlns:fh': 'http://purl.org/syndication/history/1.0',
      'xmlns:media': 'http://search.yahoo.com/mrss/',
      'xml:lang': model.language,
    },
    [
      textElement('id', model.id),
      textElement('title', model.title, { type: 'text' }),
      textElement('subtitle', model.description, { type: 'text' }),
      textElement('updated', isoDate(model.updated)),
      person('author', model.author),
      link('alternate', model.home, 'text/html'),
      link('self', links.self),
      link('first', links.first),
      link('previous', links.previous),
      link('next', links.next),
      link('last', links.last),
      link('current', links.current),
      link('prev-archive', links.prevArchive),
      model.hub ? emptyElement('link', { rel: 'hub', href: model.hub }) : '',
      textElement('icon', site.icon),
      // RFC 4287 section 4.2.8: logo is an image of 2:1; a show's square cover is still what identifies it.
      textElement('logo', model.show ? model.show.image : site.logo),
      textElement('rights', site.copyright, { type: 'text' }),
      textElement('generator', 'Herald'),
      // RFC 5005 sections 2 and 4: say whether this document holds the whole feed, or is an archive.
      model.complete ? emptyElement('fh:complete', {}) : '',
      links.current ? emptyElement('fh:archive', {}) : '',
      ...model.items.map(entry),
    ],
  );
  return `${FEED_PREAMBLE}${feed}\n`;
}
