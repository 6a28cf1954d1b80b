// The immutable store: articles newest first, indexes by tag, author and slug, and the visibility rule
// (drafts were dropped at load; scheduled articles appear once their date has passed).
//
// A store is built over a Catalog: the article list's dates and groups, always in memory, and the
// articles themselves, in memory (createStore: Node, tests, small Workers) or fetched on demand
// (storage/assets/reader.ts: Workers static assets). Every visibility and selection rule lives
// in storeOver below, once, whichever catalog is underneath.
import {
  type Article,
  type CompiledStore,
  type MediaFile,
  type MediaFiles,
  type Site,
  VERSION_BYTES,
} from '../core/article.ts';
import type { Redirects, RedirectTarget } from '../core/redirects.ts';
import { groupSlug } from '../core/slug.ts';

/** The kinds of group a feed can select: tags, authors, and podcast shows (site.yaml `shows`, an
 * episode's `show`). */
export type GroupKind = 'tag' | 'author' | 'show';
export const GROUP_KINDS: readonly GroupKind[] = ['tag', 'author', 'show'];

export type Selector = { kind: 'all' } | { kind: GroupKind; slug: string };

/** The groups of one kind, by slug. */
export function groupsOfKind(
  store: Pick<Store, 'tags' | 'authors' | 'shows'>,
  kind: GroupKind,
): ReadonlyMap<string, Group> {
  return kind === 'tag' ? store.tags : kind === 'author' ? store.authors : store.shows;
}

export interface Group {
  slug: string;
  /** The newest article's spelling, scheduled articles included: show Selection.name instead. */
  name: string;
  /** How many articles the group holds, scheduled ones included. */
  readonly size: number;
  /** Positions in the article list, ascending (so newest first). A Workers store before prepare() for
   * the group holds only the first few: those a clock from the build on may hide (storage/assets/format.ts). */
  positions: ArrayLike<number>;
  /** The spelling the article at `positions[i]` uses. */
  nameAt(i: number): string;
}

export interface Selection<Many = Article[] | Promise<Article[]>> {
  /** Visible items of the selector, newest first. */
  readonly total: number;
  slice(start: number, end: number): Many;
  /** When the next scheduled article of this selector goes live (ms), if any. */
  readonly nextChange?: number;
  /** Newest updated instant over the visible items of the selector (ms); for an empty selection, the
   * whole site's (so a feed whose articles are all scheduled does not claim 1970), 0 for an empty site. */
  readonly updated: number;
  /** The group's name as the newest visible article spells it, so a scheduled "POLITICS" never renames
   * a published "politics" (no leak through bytes or ETags); group.name when nothing is visible. */
  readonly name: string;
}

/** The store as routes see it: articles may arrive asynchronously (Workers static assets). */
export interface Store<
  Many = Article[] | Promise<Article[]>,
  One = Article | undefined | Promise<Article | undefined>,
> {
  readonly version: string;
  readonly site: Site;
  /** How many articles it holds, scheduled ones included. */
  readonly count: number;
  readonly tags: ReadonlyMap<string, Group>;
  readonly authors: ReadonlyMap<string, Group>;
  /** Episodes by show id. */
  readonly shows: ReadonlyMap<string, Group>;
  /** A media file beside the articles, by its path under articles/ ("2024/ep1.mp3"). */
  media(path: string): MediaFile | undefined | Promise<MediaFile | undefined>;
  /** Where an old address leads (core/redirects.ts: by oldAddressKey). */
  redirect(key: string): RedirectTarget | undefined | Promise<RedirectTarget | undefined>;
  /** How many articles are hidden at `now` (scheduled): the first `hidden(now)` of the list. */
  hidden(now: number): number;
  /** The version of what readers can see at `now` (/healthz): it changes with a published article or
   * site.yaml, never with a draft or a scheduled article. */
  visibleVersion(now: number): string;
  bySlug(slug: string): One;
  /** An article's HTML body: in the article, or read on demand so 100,000 bodies cost no heap. */
  body(article: Article): string;
  group(selector: Selector): Group | undefined;
  select(selector: Selector, now: number): Selection<Many>;
  /** Make group() and select() answerable for `need`, call and await it first: a selector's feed; every
   * group's count, name and newest update ('lists': the home page, the OPML list); everything (none
   * given). Absent when they always are (a store in memory); a Workers store reads the tag and author
   * positions only for a request that needs them. */
  prepare?(need?: Selector | 'lists'): Promise<void> | undefined;
}

/** A store whose articles are all at hand (Node, tests): every answer is synchronous. */
export interface MemoryStore extends Store<Article[], Article | undefined> {
  readonly articles: readonly Article[];
  /** CompiledStore.visibleVersions, for the compiled formats to carry. */
  readonly visibleVersions?: Uint8Array;
  /** CompiledStore.media, for the compiled formats to carry. */
  readonly mediaFiles?: MediaFiles;
  /** CompiledStore.redirects, likewise. */
  readonly redirects?: Redirects;
}

/** What a store is built over. Dates and groups answer synchronously; articles may be fetched. */
export interface Catalog<
  Many = Article[] | Promise<Article[]>,
  One = Article | undefined | Promise<Article | undefined>,
> {
  readonly count: number;
  /** Publication instant of the article at `position`; descending along the list. */
  published(position: number): number;
  readonly tags: ReadonlyMap<string, Group>;
  readonly authors: ReadonlyMap<string, Group>;
  readonly shows: ReadonlyMap<string, Group>;
  media(path: string): MediaFile | undefined | Promise<MediaFile | undefined>;
  redirect(key: string): RedirectTarget | undefined | Promise<RedirectTarget | undefined>;
  /** The articles at these positions, in the order given. */
  articles(positions: number[]): Many;
  /** The group's articles from index `from` to `to` (exclusive) in it, when the catalog reads them
   * otherwise than by position (Workers assets: a sparse group's own record chunks). */
  groupArticles?(group: Group, from: number, to: number): Many;
  bySlug(slug: string): One;
  /** Newest `updated` over the articles from `first` on: of the whole list (group undefined) or of a
   * group's positions (0 when there are none). */
  newestFrom(group: Group | undefined, first: number): number;
  /** The earliest instant the catalog answers exactly (a Workers store opened with the head only). */
  readonly validFrom?: number;
  /** The visible version with the first `hidden` articles scheduled (CompiledStore.visibleVersions). */
  versionAt?(hidden: number): string;
}

/** Entry `k` of CompiledStore.visibleVersions, as hex. */
export function versionIn(versions: Uint8Array, k: number): string {
  let hex = '';
  for (const b of versions.subarray(k * VERSION_BYTES, (k + 1) * VERSION_BYTES)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

function index(articles: readonly Article[], kind: GroupKind): Map<string, Group> {
  type Building = { slug: string; name: string; positions: number[]; names: string[] };
  const groups = new Map<string, Building>();
  // A few hundred names over 100,000 articles: groupSlug (normalising and lower-casing) once per spelling,
  // and one Map lookup per mention. This is most of a reload's re-indexing under WATCH=1.
  const bySpelling = new Map<string, Building>();
  const add = (name: string, position: number) => {
    let group = bySpelling.get(name);
    if (!group) {
      const slug = groupSlug(name);
      const known = groups.get(slug);
      group = known ?? { slug, name, positions: [], names: [] };
      if (!known) groups.set(slug, group);
      bySpelling.set(name, group);
    }
    if (group.positions[group.positions.length - 1] !== position) {
      group.positions.push(position);
      group.names.push(name);
    }
  };
  articles.forEach((article, position) => {
    if (kind === 'tag') for (const name of article.tags) add(name, position);
    else if (kind === 'author') for (const person of article.authors) add(person.name, position);
    else if (article.episode) add(article.episode.show, position);
  });
  return new Map(
    [...groups]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([slug, { name, positions, names }]) => [
        slug,
        { slug, name, size: positions.length, positions, nameAt: (i: number) => names[i] as string },
      ]),
  );
}

/** First index in the ascending `positions` whose value is >= k. */
export function lowerBound(positions: ArrayLike<number>, k: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] as number) < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Tags, authors and shows grouped by slug, in slug order. */
function groupsOf(articles: readonly Article[]) {
  return { tags: index(articles, 'tag'), authors: index(articles, 'author'), shows: index(articles, 'show') };
}

/** Where article bodies come from when they are not kept in memory (Node: a file read on demand). */
export type BodyReader = (article: Article) => string;

const inlineBody: BodyReader = (article) => article.html;

export function createStore(compiled: CompiledStore, readBody: BodyReader = inlineBody): MemoryStore {
  const { articles } = compiled;
  const slugs = new Map<string, Article>();
  for (const a of articles) slugs.set(a.slug, a);
  // The newest `updated` from `first` on, scanned once per (group, first) and remembered: `first` moves
  // only when a scheduled article goes live.
  const newest = new Map<Group | undefined, Map<number, number>>();
  const catalog: Catalog<Article[], Article | undefined> = {
    count: articles.length,
    published: (i) => (articles[i] as Article).published,
    newestFrom(group, first) {
      let memo = newest.get(group);
      if (!memo) {
        memo = new Map();
        newest.set(group, memo);
      }
      let max = memo.get(first);
      if (max === undefined) {
        max = 0;
        const length = group ? group.positions.length : articles.length;
        for (let i = first; i < length; i++) {
          max = Math.max(max, (articles[group ? (group.positions[i] as number) : i] as Article).updated);
        }
        memo.set(first, max);
      }
      return max;
    },
    ...groupsOf(articles),
    media: (path) => (compiled.media && Object.hasOwn(compiled.media, path) ? compiled.media[path] : undefined),
    redirect: (key) =>
      compiled.redirects && Object.hasOwn(compiled.redirects, key) ? compiled.redirects[key] : undefined,
    articles: (positions) => positions.map((p) => articles[p] as Article),
    bySlug: (slug) => slugs.get(slug),
    ...(compiled.visibleVersions
      ? { versionAt: (k: number) => versionIn(compiled.visibleVersions as Uint8Array, k) }
      : {}),
  };
  return {
    ...storeOver(catalog, compiled, readBody),
    articles,
    ...(compiled.visibleVersions ? { visibleVersions: compiled.visibleVersions } : {}),
    ...(compiled.media ? { mediaFiles: compiled.media } : {}),
    ...(compiled.redirects ? { redirects: compiled.redirects } : {}),
  };
}

export function storeOver<Many extends Article[] | Promise<Article[]>, One>(
  catalog: Catalog<Many, One>,
  { site, version }: { site: Site; version: string },
  readBody: BodyReader = inlineBody,
): Store<Many, One> {
  const { count, tags, authors, shows } = catalog;
  const all: Group = { slug: '', name: site.title, size: 0, positions: [], nameAt: () => site.title };

  const validFrom = catalog.validFrom ?? Number.NEGATIVE_INFINITY;
  // Articles are sorted by publication descending, so the scheduled ones are a prefix. Every poll asks
  // this, and the answer holds from the last go-live to the next, so that window is remembered: a repeat
  // poll costs two comparisons, not a binary search through the catalog (a poll as cheap as a
  // static file).
  let known = { hidden: 0, from: Number.POSITIVE_INFINITY, until: Number.NEGATIVE_INFINITY };
  const hidden = (now: number) => {
    if (now >= known.from && now < known.until) return known.hidden;
    if (now < validFrom) {
      throw new RangeError(
        `store opened for instants from ${new Date(validFrom).toISOString()} on, asked about ${now}`,
      );
    }
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (catalog.published(mid) > now) lo = mid + 1;
      else hi = mid;
    }
    known = {
      hidden: lo,
      from: Math.max(validFrom, lo < count ? catalog.published(lo) : Number.NEGATIVE_INFINITY),
      until: lo > 0 ? catalog.published(lo - 1) : Number.POSITIVE_INFINITY,
    };
    return lo;
  };

  const group = (selector: Selector) =>
    selector.kind === 'all' ? all : groupsOfKind({ tags, authors, shows }, selector.kind).get(selector.slug);

  const range = (from: number, to: number, at: (i: number) => number) => {
    const positions: number[] = [];
    for (let i = from; i < to; i++) positions.push(at(i));
    return catalog.articles(positions);
  };

  // A group's articles by index in it: through their positions, unless the catalog reads them its own
  // way (Workers assets: a sparse group's record chunks).
  const groupArticles =
    catalog.groupArticles?.bind(catalog) ??
    ((g: Group, from: number, to: number) => range(from, to, (i) => g.positions[i] as number));

  const select = (selector: Selector, now: number): Selection<Many> => {
    const k = hidden(now);
    const g = group(selector);
    // A tag or author nobody uses selects nothing (not every article).
    if (!g) return { total: 0, slice: () => catalog.articles([]), updated: 0, name: '' };
    if (g === all) {
      const at = (i: number) => k + i;
      const total = count - k;
      return {
        total,
        slice: (start, end) => range(start, Math.min(end, total), at),
        ...(k > 0 ? { nextChange: catalog.published(k - 1) } : {}),
        updated: catalog.newestFrom(undefined, k),
        name: site.title,
      };
    }
    const first = lowerBound(g.positions, k);
    const total = g.size - first;
    return {
      total,
      slice: (start, end) => groupArticles(g, first + start, first + Math.min(end, total)),
      ...(first > 0 ? { nextChange: catalog.published(g.positions[first - 1] as number) } : {}),
      // An empty selection (every article still scheduled) takes the site's newest update, not 1970.
      updated: total === 0 ? select({ kind: 'all' }, now).updated : catalog.newestFrom(g, first),
      name: total > 0 ? g.nameAt(first) : g.name,
    };
  };

  // Remembered per go-live window, like hidden(): /healthz is polled too.
  let visible = { hidden: -1, version: '' };
  const visibleVersion = (now: number) => {
    const k = hidden(now);
    if (visible.hidden !== k) visible = { hidden: k, version: catalog.versionAt?.(k) ?? version };
    return visible.version;
  };

  return {
    version,
    site,
    count,
    tags,
    authors,
    shows,
    media: (path) => catalog.media(path),
    redirect: (key) => catalog.redirect(key),
    hidden,
    visibleVersion,
    bySlug: (slug) => catalog.bySlug(slug),
    body: readBody,
    group,
    select,
  };
}
