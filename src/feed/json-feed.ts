// JSON Feed 1.1, built directly: the `feed` package writes 1.0 (singular author, no language,
// attachments, next_url or hubs).
import type { Person } from '../core/article.ts';
import { type FeedItem, type FeedModel, isoDate } from './model.ts';
import { episodeAttachmentExtras } from './podcast.ts';

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
    // 1.1 "Items": image is the item's main picture, banner_image one shown above it; an article has one
    // picture, and readers differ in which they show.
    ...(a.image ? { image: a.image, banner_image: a.image } : {}),
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
              ...episodeAttachmentExtras(a),
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
    // A show's cover art is its icon (1.1: "the URL of an image for the feed suitable to be used in a
    // timeline ... should be square"), as podcast artwork is.
    ...(model.show ? { icon: model.show.image } : (site.logo ?? site.icon) ? { icon: site.logo ?? site.icon } : {}),
    ...(site.icon ? { favicon: site.icon } : {}),
    authors: [author(model.author)],
    language: model.language,
    ...(model.hub ? { hubs: [{ type: 'WebSub', url: model.hub }] } : {}),
    items: model.items.map(item),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
