// The compiled store as the files of the Worker's static assets (format.ts), made one at a time:
// written to .herald/assets by `npm run build` (build/worker-assets.ts, with the prerendered pages), and
// served from memory by the Worker's start-up warm-up (runtime/workers/warm-up.ts). Web standards only.
import type { Article } from '../../core/article.ts';
import type { Redirects, RedirectTarget } from '../../core/redirects.ts';
import { type Group, lowerBound, type MemoryStore, versionIn } from '../../store/store.ts';
import {
  ASSET_FORMAT,
  type AssetArticle,
  type AssetGroup,
  type AssetGroups,
  type AssetManifest,
  chunkOf,
  chunkPath,
  chunkSizeFor,
  chunkStart,
  DATES_PATH,
  encodeChunk,
  encodeRecord,
  GROUP_ROWS_PATH,
  GROUPS_PATH,
  type GroupRecords,
  groupChunkPath,
  groupChunkSizeFor,
  groupPath,
  groupRowPath,
  MANIFEST_PATH,
  MEDIA_PATH,
  NEWEST_PATH,
  ownsRecords,
  redirectBucketPath,
  type StoreOrigin,
  slugBucket,
  slugBucketCount,
  slugBucketPath,
  suffixMax,
  VERSIONS_PATH,
} from './format.ts';

/** An asset's path (below the assets root) and its contents. */
export type AssetFile = [path: string, data: string | Uint8Array];

interface GroupContext {
  positions: number[];
  newest: number[];
  updated: number[];
  visible: number;
  count: number;
  chunkSize: number;
  items: number;
  records: GroupRecords;
}

/** The rows of `groups`, their positions appended to `positions` and the suffix maxima of their
 * `updated` to `newest`; each row keeps its maxima up to its first entry visible now (at `visible`). */
function groupEntries(groups: ReadonlyMap<string, Group>, context: GroupContext): AssetGroup[] {
  const { positions, newest, updated, visible, count, chunkSize, items, records } = context;
  const ownRecords = (g: Group) => {
    if (records !== 'sparse') return records === 'all';
    const chunks = new Set(Array.from(g.positions, (p) => chunkOf(p, count, chunkSize)[0])).size;
    return ownsRecords(chunks, g.positions.length, items);
  };
  return [...groups.values()].map((g) => {
    const offset = positions.length;
    const variants: [number, string][] = [];
    for (let i = 0; i < g.positions.length; i++) {
      positions.push(g.positions[i] as number);
      if (g.nameAt(i) !== g.name) variants.push([i, g.nameAt(i)]);
    }
    const maxima = suffixMax(Array.from(g.positions, (p) => updated[p] as number));
    // One by one: a spread into push() overflows the stack for a group of a few hundred thousand.
    for (const m of maxima) newest.push(m);
    const head = lowerBound(g.positions, visible) + 1;
    return [
      g.slug,
      g.name,
      offset,
      g.positions.length,
      variants,
      Array.from(maxima.subarray(0, head)),
      Array.from({ length: Math.min(head, g.positions.length) }, (_, i) => g.positions[i] as number),
      ownRecords(g) ? 1 : 0,
    ];
  });
}

/** An article's chunk record: the article without what only the compiler or the Node reader uses, and
 * its body (`html`). Field by field, not a spread: the source path (the build machine's layout) stays
 * out. Any thread can make it: the build's compile threads make each article's as they compile it. */
export function articleRecord(a: Article, html = a.html): Uint8Array<ArrayBuffer> {
  const shipped: AssetArticle = {
    slug: a.slug,
    id: a.id,
    title: a.title,
    published: a.published,
    updated: a.updated,
    summary: a.summary,
    html,
    authors: a.authors,
    tags: a.tags,
    ...(a.image !== undefined ? { image: a.image } : {}),
    link: a.link,
    external: a.external,
    ...(a.enclosure !== undefined ? { enclosure: a.enclosure } : {}),
    ...(a.episode !== undefined ? { episode: a.episode } : {}),
  };
  return encodeRecord(shipped);
}

export interface AssetOptions {
  /** The SITE_URL the bodies were rendered with (null: site.yaml's url). */
  siteUrl: string | null;
  /** The visible set the head is made for. */
  now: number;
  /** The build's stamp. */
  compiler: string;
  /** The deployment's page size. */
  items?: number;
  records?: GroupRecords;
  /** Write each group's row and positions in files of their own (default true; the Node store: false). */
  groupFiles?: boolean;
  origin?: StoreOrigin;
  encoded?: EncodedRecords;
}

/** An article's chunk record when it was made already (articleRecord of the article and the store's body
 * of it: build/compile-pool.ts makes them while compiling), else undefined. */
export type EncodedRecords = (article: Article) => Uint8Array | undefined;

/** Every file of the store's data (not the prerendered pages), for the visible set at `now`, one at a
 * time (at 100,000 articles they come to gigabytes). */
export function assetFiles(store: MemoryStore, options: AssetOptions): Generator<AssetFile> {
  return assetPlan(store, options).files;
}

/** How many files assetFiles makes (for progress), and the files. */
export function assetPlan(store: MemoryStore, options: AssetOptions): { count: number; files: Generator<AssetFile> } {
  const { articles } = store;
  const count = articles.length;
  const {
    siteUrl,
    now,
    compiler,
    items = store.site.items,
    records = 'sparse',
    groupFiles = true,
    origin,
    encoded,
  } = options;
  const { visibleVersions } = store;
  const redirectKeys = Object.keys(store.redirects ?? {});
  const versionAt = (k: number) => (visibleVersions ? versionIn(visibleVersions, k) : store.version);
  const updated = articles.map((a) => a.updated);
  // Suffix maxima of `updated`: over the whole list, then over each group's positions, in groups.bin order.
  const newest = [...suffixMax(updated)];
  // Positions 0..S, S the first article visible now: what a clock from here on needs (storage/assets/format.ts).
  const visible = store.hidden(now);
  const head = Math.min(count, visible + 1);
  const positions: number[] = [];
  const chunkSize = chunkSizeFor(count);
  const grouped = { positions, newest, updated, visible, count, chunkSize, items, records };
  const groups = [
    ...groupEntries(store.tags, grouped),
    ...groupEntries(store.authors, grouped),
    ...groupEntries(store.shows, grouped),
  ];
  const stored = groups.reduce((n, g) => n + g[7] * g[3], 0);
  const manifest: AssetManifest = {
    format: ASSET_FORMAT,
    version: store.version,
    siteUrl,
    site: store.site,
    count,
    chunkSize,
    groupChunkSize: groupChunkSizeFor(stored, items),
    groupRecords: records,
    groupFiles,
    slugBuckets: slugBucketCount(count),
    tagSlugs: [...store.tags.keys()],
    authorSlugs: [...store.authors.keys()],
    showSlugs: [...store.shows.keys()],
    redirectBuckets: redirectKeys.length === 0 ? 0 : slugBucketCount(redirectKeys.length),
    head: {
      published: articles.slice(0, head).map((a) => a.published),
      newest: newest.slice(0, head),
      versions: Array.from({ length: head + 1 }, (_, k) => versionAt(k)),
    },
    compiler,
    ...(origin ? { origin } : {}),
  };
  const all = Uint32Array.from(positions);
  const dates = new Float64Array(2 * count);
  articles.forEach((a, i) => {
    dates[i] = a.published;
    dates[count + i] = a.updated;
  });
  const buckets: Record<string, number>[] = Array.from({ length: manifest.slugBuckets }, () => ({}));
  articles.forEach((a, i) => {
    (buckets[slugBucket(a.slug, manifest.slugBuckets)] as Record<string, number>)[a.slug] = i;
  });

  const { groupChunkSize } = manifest;
  const chunks = Math.ceil(count / chunkSize);
  const recordChunks = groups.reduce((n, g) => n + g[7] * Math.ceil(g[3] / groupChunkSize), 0);
  const media = store.mediaFiles;
  const redirectBuckets: Redirects[] = Array.from({ length: manifest.redirectBuckets }, () => ({}));
  for (const key of redirectKeys) {
    (redirectBuckets[slugBucket(key, manifest.redirectBuckets)] as Redirects)[key] = store.redirects?.[
      key
    ] as RedirectTarget;
  }
  const fileCount =
    6 +
    (media ? 1 : 0) +
    (groupFiles ? 2 * groups.length : 0) +
    buckets.length +
    redirectBuckets.length +
    chunks +
    recordChunks;

  function* files(): Generator<AssetFile> {
    yield [MANIFEST_PATH, JSON.stringify(manifest)];
    yield [DATES_PATH, new Uint8Array(dates.buffer)];
    const authorsEnd = store.tags.size + store.authors.size;
    const rows: AssetGroups = {
      tags: groups.slice(0, store.tags.size),
      authors: groups.slice(store.tags.size, authorsEnd),
      shows: groups.slice(authorsEnd),
    };
    yield [GROUP_ROWS_PATH, JSON.stringify(rows)];
    yield [GROUPS_PATH, new Uint8Array(all.buffer)];
    for (const [n, row] of groupFiles ? groups.entries() : []) {
      const [, , offset, length] = row;
      yield [groupRowPath(n), JSON.stringify(row)];
      yield [groupPath(n), new Uint8Array(all.slice(offset, offset + length).buffer)];
    }
    yield [NEWEST_PATH, new Uint8Array(Float64Array.from(newest).buffer)];
    yield [VERSIONS_PATH, visibleVersions ?? new Uint8Array()];
    if (media) yield [MEDIA_PATH, JSON.stringify(media)];
    for (const [n, b] of redirectBuckets.entries()) yield [redirectBucketPath(n), JSON.stringify(b)];
    for (const [n, b] of buckets.entries()) yield [slugBucketPath(n), JSON.stringify(b)];
    const record = (a: Article) => encoded?.(a) ?? articleRecord(a, store.body(a));
    const chunk = (at: ArrayLike<number>) => encodeChunk(Array.from(at, (p) => record(articles[p] as Article)));
    for (let n = 0; n * chunkSize < count; n++) {
      const from = chunkStart(n, count, chunkSize);
      const to = count - n * chunkSize;
      yield [chunkPath(n), chunk(Array.from({ length: to - from }, (_, i) => from + i))];
    }
    for (const [n, [, , offset, length, , , , own]] of groups.entries()) {
      if (!own) continue;
      // Counted from the group's oldest entry, as the list's chunks are: a page after the first and an
      // archive are runs of whole pages from the oldest (feed/model.ts), so each lies in one record chunk,
      // and a new article changes the newest record chunk of its groups alone.
      for (let k = 0; k * groupChunkSize < length; k++) {
        const from = offset + chunkStart(k, length, groupChunkSize);
        yield [groupChunkPath(n, k), chunk(all.subarray(from, offset + length - k * groupChunkSize))];
      }
    }
  }
  return { count: fileCount, files: files() };
}
