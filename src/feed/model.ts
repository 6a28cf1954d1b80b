// A store query turned into one format-neutral feed document: what every renderer draws from.
import type { Article, Person, Site } from '../store/article.ts';
import { slugSegment } from '../store/slug.ts';
import type { Selector, Store } from '../store/store.ts';

export type Format = 'rss' | 'atom' | 'json';
export const FORMATS: readonly Format[] = ['rss', 'atom', 'json'];
export const FEED_FILES: Record<Format, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };
export const CONTENT_TYPES: Record<Format, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** RFC 5005 section 3 paging links, plus self, for one format. */
export interface FeedLinks {
  self: string;
  first?: string;
  last?: string;
  next?: string;
  previous?: string;
}

export interface FeedItem {
  article: Article;
  /** False when the document's byte budget forced the summary in place of the full body. */
  full: boolean;
}

export interface FeedModel {
  /** Stable across pages and edits: the feed's URL without a page (RFC 4287 section 4.2.6). */
  id: string;
  title: string;
  description: string;
  language: string;
  home: string;
  /** Newest updated instant of the feed's visible items (ms); the document's updated/lastBuildDate. */
  updated: number;
  author: Person;
  site: Site;
  items: FeedItem[];
  links: Record<Format, FeedLinks>;
  page: number;
  pages: number;
  /** RSS <ttl> in minutes: the configured max-age, so it never varies by request (bytes stay stable). */
  ttlMinutes: number;
  hub?: string;
}

export interface ModelOptions {
  items: number;
  maxAge: number;
  hub?: string;
  /** Approximate ceiling on a document's size; full bodies of the oldest items give way first. */
  maxBytes: number;
}

/** Path of a selector's feeds below the site root: "", "tags/x/" or "authors/y/". */
export function feedBase(selector: Selector): string {
  if (selector.kind === 'all') return '';
  return `${selector.kind === 'tag' ? 'tags' : 'authors'}/${slugSegment(selector.slug)}/`;
}

export function feedUrl(site: Site, selector: Selector, format: Format, page = 1): string {
  const url = `${site.url}${feedBase(selector)}${FEED_FILES[format]}`;
  return page > 1 ? `${url}?page=${page}` : url;
}

/** Number of pages of a selection: at least one, so an empty feed still has its first page. */
export function pageCount(total: number, items: number): number {
  return Math.max(1, Math.ceil(total / items));
}

// Rough serialized size of an item; escaping grows markup by about a fifth.
const itemBytes = (a: Article, full: boolean) =>
  (full ? a.html.length * 1.2 : 0) + a.summary.length + a.title.length + 600;

export function fitBudget(articles: Article[], maxBytes: number): FeedItem[] {
  const items = articles.map((article) => ({ article, full: true }));
  let size = 2000 + items.reduce((n, i) => n + itemBytes(i.article, true), 0);
  for (let i = items.length - 1; i >= 0 && size > maxBytes; i--) {
    const item = items[i] as FeedItem;
    size -= itemBytes(item.article, true) - itemBytes(item.article, false);
    item.full = false;
  }
  return items;
}

export function buildFeedModel(
  store: Store,
  selector: Selector,
  page: number,
  now: number,
  options: ModelOptions,
): FeedModel | undefined {
  const group = store.group(selector);
  if (!group) return undefined;
  const { site } = store;
  const selection = store.select(selector, now);
  const pages = pageCount(selection.total, options.items);
  if (page < 1 || page > pages) return undefined;
  const start = (page - 1) * options.items;
  const articles = selection.slice(start, start + options.items);
  const linksFor = (format: Format): FeedLinks => ({
    self: feedUrl(site, selector, format, page),
    ...(pages > 1
      ? {
          first: feedUrl(site, selector, format, 1),
          last: feedUrl(site, selector, format, pages),
          ...(page < pages ? { next: feedUrl(site, selector, format, page + 1) } : {}),
          ...(page > 1 ? { previous: feedUrl(site, selector, format, page - 1) } : {}),
        }
      : {}),
  });
  const kind = selector.kind === 'all' ? undefined : selector.kind === 'tag' ? 'tag' : 'author';
  return {
    id: feedUrl(site, selector, 'atom'),
    title: kind ? `${site.title}: ${group.name}` : site.title,
    description: kind ? `${site.title}: articles ${kind === 'tag' ? 'tagged' : 'by'} ${group.name}` : site.description,
    language: site.language,
    home: site.url,
    updated: selection.updated,
    author: site.author,
    site,
    items: fitBudget(articles, options.maxBytes),
    links: { rss: linksFor('rss'), atom: linksFor('atom'), json: linksFor('json') },
    page,
    pages,
    ttlMinutes: Math.ceil(options.maxAge / 60),
    ...(options.hub ? { hub: options.hub } : {}),
  };
}

/** RFC 3339 timestamp without a needless ".000". */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
