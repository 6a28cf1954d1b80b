// The compiled store as the files of the Worker's static assets (asset-format.ts), in memory: written
// to .herald/assets by `npm run build` (entry/worker-assets.ts, with the prerendered pages), and served
// from memory by the Worker's start-up warm-up (entry/worker-warmup.ts). Web standards only.
import {
  ASSET_FORMAT,
  type AssetArticle,
  type AssetGroup,
  type AssetManifest,
  chunkPath,
  chunkSizeFor,
  DATES_PATH,
  encodeChunk,
  GROUPS_PATH,
  groupPath,
  MANIFEST_PATH,
  NEWEST_PATH,
  slugBucket,
  slugBucketCount,
  slugBucketPath,
  suffixMax,
} from './asset-format.ts';
import { type Group, lowerBound, type MemoryStore } from './store.ts';

/** An asset's path (below the assets root) and its contents. */
export type AssetFile = [path: string, data: string | Uint8Array];

/** The rows of `groups`, their positions appended to `positions` and the suffix maxima of their
 * `updated` to `newest`; each row keeps its maxima up to its first entry visible now (at `visible`). */
function groupEntries(
  groups: ReadonlyMap<string, Group>,
  {
    positions,
    newest,
    updated,
    visible,
  }: { positions: number[]; newest: number[]; updated: number[]; visible: number },
): AssetGroup[] {
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
    ];
  });
}

/** Every file of the store's data (not the prerendered pages), for the visible set at `now`. `siteUrl`:
 * the SITE_URL the bodies were rendered with (null: site.yaml's url); `compiler`: the build's stamp. */
export function assetFiles(
  store: MemoryStore,
  { siteUrl, now, compiler }: { siteUrl: string | null; now: number; compiler: string },
): AssetFile[] {
  const { articles } = store;
  const count = articles.length;
  const updated = articles.map((a) => a.updated);
  // Suffix maxima of `updated`: over the whole list, then over each group's positions, in groups.bin order.
  const newest = [...suffixMax(updated)];
  // Positions 0..S, S the first article visible now: what a clock from here on needs (asset-format.ts).
  const visible = store.hidden(now);
  const head = Math.min(count, visible + 1);
  const positions: number[] = [];
  const grouped = { positions, newest, updated, visible };
  const manifest: AssetManifest = {
    format: ASSET_FORMAT,
    version: store.version,
    siteUrl,
    site: store.site,
    count,
    chunkSize: chunkSizeFor(count),
    slugBuckets: slugBucketCount(count),
    tags: groupEntries(store.tags, grouped),
    authors: groupEntries(store.authors, grouped),
    head: {
      published: articles.slice(0, head).map((a) => a.published),
      newest: newest.slice(0, head),
    },
    compiler,
  };
  const groups = Uint32Array.from(positions);
  const dates = new Float64Array(2 * count);
  articles.forEach((a, i) => {
    dates[i] = a.published;
    dates[count + i] = a.updated;
  });
  const buckets: Record<string, number>[] = Array.from({ length: manifest.slugBuckets }, () => ({}));
  articles.forEach((a, i) => {
    (buckets[slugBucket(a.slug, manifest.slugBuckets)] as Record<string, number>)[a.slug] = i;
  });

  const files: AssetFile[] = [
    [MANIFEST_PATH, JSON.stringify(manifest)],
    [DATES_PATH, new Uint8Array(dates.buffer)],
    [GROUPS_PATH, new Uint8Array(groups.buffer)],
    ...[...manifest.tags, ...manifest.authors].map(
      ([, , offset, length], n) =>
        [groupPath(n), new Uint8Array(groups.slice(offset, offset + length).buffer)] as AssetFile,
    ),
    [NEWEST_PATH, new Uint8Array(Float64Array.from(newest).buffer)],
    ...buckets.map((b, n) => [slugBucketPath(n), JSON.stringify(b)] as [string, string]),
  ];
  const { chunkSize } = manifest;
  for (let n = 0; n * chunkSize < count; n++) {
    // Field by field, not a spread: an article read from the Node index has its summary as a getter
    // (compiled-index.ts), and the source path (the build machine's layout) and body offsets stay out.
    const records = articles.slice(n * chunkSize, (n + 1) * chunkSize).map(
      (a): AssetArticle => ({
        slug: a.slug,
        id: a.id,
        title: a.title,
        published: a.published,
        updated: a.updated,
        summary: a.summary,
        html: store.body(a),
        authors: a.authors,
        tags: a.tags,
        ...(a.image !== undefined ? { image: a.image } : {}),
        link: a.link,
        external: a.external,
        ...(a.enclosure !== undefined ? { enclosure: a.enclosure } : {}),
      }),
    );
    files.push([chunkPath(n), encodeChunk(records)]);
  }
  return files;
}
