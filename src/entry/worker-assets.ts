// Node only (`npm run build`): write the compiled store as the Worker's static assets (.herald/assets,
// the `[assets]` directory in wrangler.toml), in the layout src/store/asset-format.ts describes.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ASSET_FORMAT,
  type AssetArticle,
  type AssetGroup,
  type AssetManifest,
  CHUNK_SIZE,
  chunkPath,
  DATES_PATH,
  encodeChunk,
  GROUPS_PATH,
  MANIFEST_PATH,
  NEWEST_PATH,
  slugBucket,
  slugBucketCount,
  slugBucketPath,
  suffixMax,
} from '../store/asset-format.ts';
import type { Group, MemoryStore } from '../store/store.ts';

export const ASSETS_DIR = '.herald/assets';

function groupEntries(groups: ReadonlyMap<string, Group>, positions: number[]): AssetGroup[] {
  return [...groups.values()].map((g) => {
    const offset = positions.length;
    const variants: [number, string][] = [];
    for (let i = 0; i < g.positions.length; i++) {
      positions.push(g.positions[i] as number);
      if (g.nameAt(i) !== g.name) variants.push([i, g.nameAt(i)]);
    }
    return [g.slug, g.name, offset, g.positions.length, variants];
  });
}

/** Whether `dir` already holds this store version's assets (an unchanged rebuild writes nothing). */
async function upToDate(dir: string, version: string, siteUrl: string | null): Promise<boolean> {
  const text = await readFile(join(dir, MANIFEST_PATH), 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  try {
    const manifest = JSON.parse(text) as AssetManifest;
    return manifest.format === ASSET_FORMAT && manifest.version === version && manifest.siteUrl === siteUrl;
  } catch {
    return false;
  }
}

/** Write every asset into a fresh directory, then swap it in: a running `wrangler dev` never reads a
 * half-written store. Returns the number of files written (0 when already up to date). */
export async function writeWorkerAssets(store: MemoryStore, siteUrl: string | null, dir = ASSETS_DIR): Promise<number> {
  if (await upToDate(dir, store.version, siteUrl)) return 0;
  const { articles } = store;
  const count = articles.length;
  const positions: number[] = [];
  const manifest: AssetManifest = {
    format: ASSET_FORMAT,
    version: store.version,
    siteUrl,
    site: store.site,
    count,
    chunkSize: CHUNK_SIZE,
    slugBuckets: slugBucketCount(count),
    tags: groupEntries(store.tags, positions),
    authors: groupEntries(store.authors, positions),
  };
  const dates = new Float64Array(2 * count);
  articles.forEach((a, i) => {
    dates[i] = a.published;
    dates[count + i] = a.updated;
  });
  // Suffix maxima of `updated`: over the whole list, then over each group's positions, in groups.bin order.
  const updated = articles.map((a) => a.updated);
  const newest = new Float64Array(count + positions.length);
  newest.set(suffixMax(updated), 0);
  for (const [, , offset, length] of [...manifest.tags, ...manifest.authors]) {
    const group = positions.slice(offset, offset + length).map((p) => updated[p] as number);
    newest.set(suffixMax(group), count + offset);
  }
  const buckets: Record<string, number>[] = Array.from({ length: manifest.slugBuckets }, () => ({}));
  articles.forEach((a, i) => {
    (buckets[slugBucket(a.slug, manifest.slugBuckets)] as Record<string, number>)[a.slug] = i;
  });

  const files: [string, string | Uint8Array][] = [
    [MANIFEST_PATH, JSON.stringify(manifest)],
    [DATES_PATH, new Uint8Array(dates.buffer)],
    [GROUPS_PATH, new Uint8Array(Uint32Array.from(positions).buffer)],
    [NEWEST_PATH, new Uint8Array(newest.buffer)],
    ...buckets.map((b, n) => [slugBucketPath(n), JSON.stringify(b)] as [string, string]),
  ];
  for (let n = 0; n * CHUNK_SIZE < count; n++) {
    const records = articles.slice(n * CHUNK_SIZE, (n + 1) * CHUNK_SIZE).map((a): AssetArticle => {
      // The source path (a build machine's file layout) and Node's body offsets stay out of the deploy.
      const { source: _source, body: _body, ...rest } = a;
      return { ...rest, html: store.body(a) };
    });
    files.push([chunkPath(n), encodeChunk(records)]);
  }

  const staging = `${dir}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, 'store', 'chunks'), { recursive: true });
  await mkdir(join(staging, 'store', 'slugs'), { recursive: true });
  // Bounded parallelism: thousands of small writes at once would exhaust file descriptors.
  for (let i = 0; i < files.length; i += 64) {
    await Promise.all(files.slice(i, i + 64).map(([path, data]) => writeFile(join(staging, path), data)));
  }
  const old = `${dir}.${process.pid}.old`;
  await rename(dir, old).catch(() => undefined);
  await rename(staging, dir);
  await rm(old, { recursive: true, force: true });
  return files.length;
}
