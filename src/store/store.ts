// The immutable in-memory store: articles newest first, indexes by tag, author and slug, and the
// visibility rule (drafts were dropped at load; scheduled articles appear once their date has passed).
import type { Article, CompiledStore, Site } from './article.ts';
import { slugify } from './slug.ts';

export type Selector = { kind: 'all' } | { kind: 'tag'; slug: string } | { kind: 'author'; slug: string };

export interface Group {
  slug: string;
  /** The newest article's spelling, scheduled articles included: show Selection.name instead. */
  name: string;
  /** Positions in `articles`, ascending (so newest first). */
  positions: number[];
  /** The spelling the article at the same index of `positions` uses. */
  names: string[];
}

export interface Selection {
  /** Visible items of the selector, newest first. */
  readonly total: number;
  slice(start: number, end: number): Article[];
  /** When the next scheduled article of this selector goes live (ms), if any. */
  readonly nextChange?: number;
  /** Newest updated instant over the visible items of the selector (ms); for an empty selection, the
   * whole site's (so a feed whose articles are all scheduled does not claim 1970), 0 for an empty site. */
  readonly updated: number;
  /** The group's name as the newest visible article spells it, so a scheduled "POLITICS" never renames
   * a published "politics" (no leak through bytes or ETags); group.name when nothing is visible. */
  readonly name: string;
}

export interface Store {
  readonly version: string;
  readonly site: Site;
  readonly articles: readonly Article[];
  readonly tags: ReadonlyMap<string, Group>;
  readonly authors: ReadonlyMap<string, Group>;
  /** How many articles are hidden at `now` (scheduled): the first `hidden(now)` of `articles`. */
  hidden(now: number): number;
  bySlug(slug: string): Article | undefined;
  /** An article's HTML body: in memory, or read on demand so 100,000 bodies cost no heap. */
  body(article: Article): string;
  group(selector: Selector): Group | undefined;
  select(selector: Selector, now: number): Selection;
}

function index(articles: readonly Article[], keys: (a: Article) => string[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  // A few hundred names among hundreds of thousands of uses: slugify each spelling once.
  const slugs = new Map<string, string>();
  articles.forEach((article, position) => {
    for (const name of keys(article)) {
      let slug = slugs.get(name);
      if (slug === undefined) {
        slug = slugify(name);
        slugs.set(name, slug);
      }
      let group = groups.get(slug);
      if (!group) {
        group = { slug, name, positions: [], names: [] };
        groups.set(slug, group);
      }
      if (group.positions[group.positions.length - 1] !== position) {
        group.positions.push(position);
        group.names.push(name);
      }
    }
  });
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** First index in the ascending `positions` whose value is >= k. */
function lowerBound(positions: readonly number[], k: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] as number) < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where article bodies come from when they are not kept in memory (Node: a file read on demand). */
export type BodyReader = (article: Article) => string;

const inlineBody: BodyReader = (article) => article.html;

export function createStore(compiled: CompiledStore, readBody: BodyReader = inlineBody): Store {
  const { articles, site, version } = compiled;
  const tags = index(articles, (a) => a.tags);
  const authors = index(articles, (a) => a.authors.map((p) => p.name));
  const slugs = new Map<string, Article>();
  for (const a of articles) slugs.set(a.slug, a);
  const all: Group = { slug: '', name: site.title, positions: [], names: [] };

  // Articles are sorted by publication descending, so the scheduled ones are a prefix.
  const hidden = (now: number) => {
    let lo = 0;
    let hi = articles.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((articles[mid] as Article).published > now) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  // The newest `updated` among visible items, memoised per (group, hidden count): the visible set
  // changes only when a scheduled article goes live.
  const updatedMemo = new WeakMap<Group, Map<number, number>>();
  const newestUpdate = (group: Group, k: number, at: (i: number) => Article, count: number): number => {
    let memo = updatedMemo.get(group);
    if (!memo) {
      memo = new Map();
      updatedMemo.set(group, memo);
    }
    const known = memo.get(k);
    if (known !== undefined) return known;
    let max = 0;
    for (let i = 0; i < count; i++) max = Math.max(max, at(i).updated);
    memo.set(k, max);
    return max;
  };

  const group = (selector: Selector) =>
    selector.kind === 'all' ? all : (selector.kind === 'tag' ? tags : authors).get(selector.slug);

  const select = (selector: Selector, now: number): Selection => {
    const k = hidden(now);
    const g = group(selector);
    // A tag or author nobody uses selects nothing (not every article).
    if (!g) return { total: 0, slice: () => [], updated: 0, name: '' };
    if (g === all) {
      const at = (i: number) => articles[k + i] as Article;
      const total = articles.length - k;
      return {
        total,
        slice: (start, end) => articles.slice(k + start, k + Math.min(end, total)),
        ...(k > 0 ? { nextChange: (articles[k - 1] as Article).published } : {}),
        updated: newestUpdate(all, k, at, total),
        name: site.title,
      };
    }
    const first = lowerBound(g.positions, k);
    const total = g.positions.length - first;
    const at = (i: number) => articles[g.positions[first + i] as number] as Article;
    return {
      total,
      slice: (start, end) =>
        g.positions.slice(first + start, first + Math.min(end, total)).map((p) => articles[p] as Article),
      ...(first > 0
        ? {
            nextChange: (articles[g.positions[first - 1] as number] as Article).published,
          }
        : {}),
      // An empty selection (every article still scheduled) takes the site's newest update, not 1970.
      updated: total > 0 ? newestUpdate(g, k, at, total) : select({ kind: 'all' }, now).updated,
      name: total > 0 ? (g.names[first] as string) : g.name,
    };
  };

  return {
    version,
    site,
    articles,
    tags,
    authors,
    hidden,
    bySlug: (slug) => slugs.get(slug),
    body: readBody,
    group,
    select,
  };
}
