// A store query turned into one format-neutral feed document: what every renderer draws from.
import type { Article, Person, Show, Site } from '../core/article.ts';
import { slugSegment } from '../core/slug.ts';
import type { GroupKind, Selection, Selector, Store } from '../store/store.ts';

export type Format = 'rss' | 'atom' | 'json';
export const FORMATS: readonly Format[] = ['rss', 'atom', 'json'];
export const FEED_FILES: Record<Format, string> = {
  rss: 'rss.xml',
  atom: 'atom.xml',
  json: 'feed.json',
};
export const CONTENT_TYPES: Record<Format, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** Links for one format: self, RFC 5005 paging (section 3) and archives (section 4). */
export interface FeedLinks {
  self: string;
  first?: string;
  last?: string;
  next?: string;
  previous?: string;
  current?: string;
  prevArchive?: string;
}

export interface FeedItem {
  article: Article;
  /** The article's HTML body (read through Store.body); empty when `full` is false. */
  html: string;
  /** False when the document's byte budget forced the summary in place of the full body. */
  full: boolean;
}

/** Which document of a feed: a page of the subscription feed (?page=N), or an RFC 5005 archive. */
export type FeedDocument = { kind: 'page'; page: number } | { kind: 'archive'; number: number };

export interface FeedModel {
  /** Stable across pages, archives and edits: the subscription feed's Atom URL (RFC 4287 4.2.6). */
  id: string;
  title: string;
  description: string;
  language: string;
  home: string;
  /** Newest updated instant of the document's feed (ms): updated / lastBuildDate / Last-Modified. */
  updated: number;
  author: Person;
  site: Site;
  items: FeedItem[];
  links: Record<Format, FeedLinks>;
  /** RFC 5005 section 2: the document holds every entry of the feed. */
  complete: boolean;
  /** A full archive page that a later archive page follows: it never changes (RFC 5005 section 4). */
  immutable: boolean;
  /** RSS <ttl> in minutes: the configured max-age, so it never varies by request (bytes stay stable). */
  ttlMinutes: number;
  hub?: string;
  /** Set for a podcast show's feeds: what the itunes: and podcast: elements say (feed/podcast.ts). */
  show?: Show;
}

export interface ModelOptions {
  items: number;
  maxAge: number;
  hub?: string;
  /** Approximate ceiling on a document's size; full bodies of the oldest items give way first. */
  maxBytes: number;
}

/** The folder of each kind of group's feeds below the site root. */
export const GROUP_FOLDERS: Record<GroupKind, string> = { tag: 'tags', author: 'authors', show: 'podcasts' };

/** Path of a selector's feeds below the site root: "", "tags/x/", "authors/y/" or "podcasts/z/". */
export function feedBase(selector: Selector): string {
  if (selector.kind === 'all') return '';
  return `${GROUP_FOLDERS[selector.kind]}/${slugSegment(selector.slug)}/`;
}

export function feedUrl(site: Site, selector: Selector, format: Format, page = 1): string {
  const url = `${site.url}${feedBase(selector)}${FEED_FILES[format]}`;
  return page > 1 ? `${url}?page=${page}` : url;
}

/** Archive documents are numbered from the oldest article, so adding one never renumbers them. */
export function archiveUrl(site: Site, selector: Selector, format: Format, n: number): string {
  return `${site.url}${feedBase(selector)}archive/${n}/${FEED_FILES[format]}`;
}

/** RFC 5005 section 4: how many archive documents a selection of `total` items has. Archives are complete
 * runs of `size` items counted from the oldest, so none ever changes when items are added; the
 * subscription document keeps the rest, at least `size` items (all of them while there are fewer than
 * twice that), so a reader that reads only it still sees a full feed. */
export function archiveCount(total: number, size: number): number {
  return Math.max(0, Math.floor(total / size) - 1);
}

/** Items in the subscription document (page 1): the newest, down to the newest archive. */
export function headSize(total: number, size: number): number {
  return total - archiveCount(total, size) * size;
}

/** Number of pages of a selection (RFC 5005 section 3): the subscription document, then one page per
 * archive's run, newest first. At least one, so an empty feed still has its first page. */
export function pageCount(total: number, size: number): number {
  return 1 + archiveCount(total, size);
}

const encoder = new TextEncoder();
const ESCAPED = /[<>&"\t\n\r]/g;

/** An upper bound on a string's size once escaped in any of the formats: UTF-8 bytes, plus the
 * growth of `<`, `>`, `&`, `"` and control characters into entities (XML) or escapes (JSON). */
export function encodedSize(text: string): number {
  return encoder.encode(text).byteLength + 4 * (text.match(ESCAPED)?.length ?? 0);
}

// An item's share of the document: its body, its text fields and about 1 KB of elements and links.
const itemText = (a: Article) => a.summary + a.title + a.tags.join('') + a.authors.map((p) => p.name).join('');
const itemBytes = (item: FeedItem, full: boolean) =>
  (full ? encodedSize(item.html) : 0) + encodedSize(itemText(item.article)) + 1000;

/** At most 3 UTF-8 bytes per UTF-16 unit, plus at most 4 of escaping each: encodedSize's bound, read
 * off the lengths alone. */
const MAX_BYTES_PER_UNIT = 7;
const itemBound = (item: FeedItem) => MAX_BYTES_PER_UNIT * (item.html.length + itemText(item.article).length) + 1000;

/** About 3 KB of channel elements and links, whatever the items. */
const PAGE_BYTES = 3000;

/** The size the budget counts for a document of `items` (an upper bound on what is rendered). */
export function documentBytes(items: FeedItem[]): number {
  return items.reduce((n, i) => n + itemBytes(i, i.full), PAGE_BYTES);
}

export function fitBudget(articles: Article[], body: (a: Article) => string, maxBytes: number): FeedItem[] {
  const items: FeedItem[] = articles.map((article) => ({ article, html: body(article), full: true }));
  // A page of ordinary articles is far below the budget: when even the bound from the strings' lengths
  // fits, the exact sizes (an encode and a scan of every body) cannot change the answer. A fresh Workers
  // isolate's first request is then spared them.
  if (items.reduce((n, i) => n + itemBound(i), PAGE_BYTES) <= maxBytes) return items;
  let size = documentBytes(items);
  for (let i = items.length - 1; i >= 0 && size > maxBytes; i--) {
    const item = items[i] as FeedItem;
    size -= itemBytes(item, true) - itemBytes(item, false);
    item.full = false;
    item.html = '';
  }
  return items;
}

/** Which run of the selection a document holds, [start, end), and what it says about itself. */
interface Slice {
  start: number;
  end: number;
  /** The document's updated instant; undefined for "the newest updated of its own items" (archives). */
  updated?: number;
  complete: boolean;
  immutable: boolean;
  links: (format: Format) => FeedLinks;
}

function pageSlice(
  site: Site,
  selector: Selector,
  page: number,
  selection: Selection,
  size: number,
): Slice | undefined {
  const pages = pageCount(selection.total, size);
  if (page > pages) return undefined;
  // Page 1 is the subscription document; every later page is an archive's run (page p holds archive
  // pages - p + 1), so paging and archives never disagree about where an item is.
  const head = headSize(selection.total, size);
  const start = page === 1 ? 0 : head + (page - 2) * size;
  return {
    start,
    end: page === 1 ? head : start + size,
    updated: selection.updated,
    complete: pages === 1,
    immutable: false,
    links: (format) => ({
      self: feedUrl(site, selector, format, page),
      ...(pages > 1
        ? {
            first: feedUrl(site, selector, format, 1),
            last: feedUrl(site, selector, format, pages),
            ...(page < pages ? { next: feedUrl(site, selector, format, page + 1) } : {}),
            ...(page > 1 ? { previous: feedUrl(site, selector, format, page - 1) } : {}),
            // RFC 5005 section 4: the subscription document points at the newest archive; older ones
            // chain from there.
            ...(page === 1 ? { prevArchive: archiveUrl(site, selector, format, pages - 1) } : {}),
          }
        : {}),
    }),
  };
}

function archiveSlice(
  site: Site,
  selector: Selector,
  n: number,
  selection: Selection,
  size: number,
): Slice | undefined {
  if (n > archiveCount(selection.total, size)) return undefined;
  // Archive n holds the n-th oldest run of `size` items; the selection is newest first.
  const end = selection.total - (n - 1) * size;
  return {
    start: end - size,
    end,
    complete: false,
    // RFC 5005 section 4: an archive document never changes. So it carries no next-archive link, which
    // the newest archive would gain when the next one is published; readers walk from the subscription
    // document back through prev-archive, and `current` leads forward.
    immutable: true,
    links: (format) => ({
      self: archiveUrl(site, selector, format, n),
      current: feedUrl(site, selector, format),
      ...(n > 1 ? { prevArchive: archiveUrl(site, selector, format, n - 1) } : {}),
    }),
  };
}

/** A model, synchronously when the store's articles are at hand (Node), else a promise (Workers assets). */
export type ModelOf<Many> = Many extends Promise<Article[]> ? Promise<FeedModel | undefined> : FeedModel | undefined;

export function buildFeedModel<Many extends Article[] | Promise<Article[]>>(
  store: Store<Many, unknown>,
  selector: Selector,
  doc: FeedDocument,
  now: number,
  options: ModelOptions,
): ModelOf<Many> {
  const group = store.group(selector);
  if (!group) return undefined as ModelOf<Many>;
  const { site } = store;
  const selection = store.select(selector, now);
  const slice =
    doc.kind === 'page'
      ? pageSlice(site, selector, doc.page, selection, options.items)
      : archiveSlice(site, selector, doc.number, selection, options.items);
  if (!slice) return undefined as ModelOf<Many>;
  const kind = selector.kind === 'all' ? undefined : selector.kind;
  // A show's feeds speak for the show: its title, description, language and author (site.yaml shows).
  const show = selector.kind === 'show' ? site.shows[selector.slug] : undefined;
  if (selector.kind === 'show' && !show) return undefined as ModelOf<Many>;
  const model = (articles: Article[]): FeedModel => ({
    id: feedUrl(site, selector, 'atom'),
    title: show ? show.title : kind ? `${site.title}: ${selection.name}` : site.title,
    description: show
      ? show.description
      : kind
        ? `${site.title}: articles ${kind === 'tag' ? 'tagged' : 'by'} ${selection.name}`
        : site.description,
    language: show ? show.language : site.language,
    home: site.url,
    updated: slice.updated ?? articles.reduce((max, a) => Math.max(max, a.updated), 0),
    author: show ? { name: show.author } : site.author,
    site,
    items: fitBudget(articles, store.body, options.maxBytes),
    links: {
      rss: slice.links('rss'),
      atom: slice.links('atom'),
      json: slice.links('json'),
    },
    complete: slice.complete,
    immutable: slice.immutable,
    ttlMinutes: Math.ceil(options.maxAge / 60),
    ...(options.hub ? { hub: options.hub } : {}),
    ...(show ? { show } : {}),
  });
  const articles = selection.slice(slice.start, slice.end);
  return (articles instanceof Promise ? articles.then(model) : model(articles)) as ModelOf<Many>;
}

/** RFC 822 date-time (RFC 2822 section 3.3 form, in GMT): RSS pubDate and lastBuildDate, OPML
 * dateModified. */
export function rfc822Date(ms: number): string {
  return new Date(ms).toUTCString();
}

/** RFC 3339 timestamp without a needless ".000". */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
