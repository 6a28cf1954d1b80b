// JSON Feed 1.1, built directly: the `feed` package writes 1.0 (singular author, no language,
// attachments, next_url or hubs).
import type { Person } from '../core/article.ts';
import { type FeedItem, type FeedModel, isoDate } from './model.ts';

const author = (p: Person) => ({
  name: p.name,
  ...(p.url ? { url: p.url } : {}),
});

function item({ article: a, html, full }: FeedItem) {
  return {
    id: a.id,
    url: a.link,
    title: a.title,
    // 1.1 "Items": content_html or content_text is required; the plain-text summary stands in when
    // the document's byte budget drops the body.
    ...(full ? { content_html: html } : { content_text: a.summary }),
    ...(a.summary ? { summary: a.summary } : {}),
    ...(a.image ? { image: a.image } : {}),
    date_published: isoDate(a.published),
    date_modified: isoDate(a.updated),
    authors: a.authors.map(author),
    ...(a.tags.length > 0 ? { tags: a.tags } : {}),
    ...(a.enclosure
      ? {
          attachments: [
            {
              url: a.enclosure.url,
              mime_type: a.enclosure.type,
              size_in_bytes: a.enclosure.length,
            },
          ],
        }
      : {}),
  };
}

export function renderJsonFeed(model: FeedModel): string {
  const { site } = model;
  const links = model.links.json;
  const doc = {
    version: 'https://jsonfeed.org/version/1.1',
    title: model.title,
    home_page_url: model.home,
    feed_url: links.self,
    description: model.description,
    ...(links.next ? { next_url: links.next } : {}),
    ...((site.logo ?? site.icon) ? { icon: site.logo ?? site.icon } : {}),
    ...(site.icon ? { favicon: site.icon } : {}),
    authors: [author(model.author)],
    language: model.language,
    ...(model.hub ? { hubs: [{ type: 'WebSub', url: model.hub }] } : {}),
    items: model.items.map(item),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
