// Node only (`npm run build`): write the compiled store as the Worker's static assets (.herald/assets,
// the `[assets]` directory in wrangler.toml), in the layout src/store/asset-format.ts describes.

import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp } from '../app.ts';
import { fixedClock } from '../clock.ts';
import { type Config, parseConfig, settingsKey } from '../config.ts';
import { FEED_FILES, FORMATS, feedBase } from '../feed/model.ts';
import { saveRepresentation } from '../http/representation.ts';
import {
  ASSET_FORMAT,
  type AssetArticle,
  type AssetGroup,
  type AssetManifest,
  CHUNK_SIZE,
  chunkPath,
  DATES_PATH,
  encodeChunk,
  encodePage,
  GROUPS_PATH,
  MANIFEST_PATH,
  NEWEST_PATH,
  PRERENDERED_PATH,
  type PrerenderedIndex,
  pagePath,
  slugBucket,
  slugBucketCount,
  slugBucketPath,
  suffixMax,
} from '../store/asset-format.ts';
import { type Group, lowerBound, type MemoryStore } from '../store/store.ts';
import { listedSelectors } from '../websub/topics.ts';
import { compilerStamp } from './compiler-stamp.ts';

export const ASSETS_DIR = '.herald/assets';

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
    const head = Array.from(maxima.subarray(0, lowerBound(g.positions, visible) + 1));
    return [g.slug, g.name, offset, g.positions.length, variants, head];
  });
}

/** The first page of every listed feed in every format, the home page and the OPML list, rendered by
 * the app itself at `now` with the build's settings: the Worker serves them as they are while its own
 * settings and visible set are the same (src/routes/prerendered.ts). */
async function prerender(
  store: MemoryStore,
  { config, settings }: { config: Config; settings: string },
  now: number,
): Promise<[string, string | Uint8Array][]> {
  const app = createApp({ store, config, clock: fixedClock(now) });
  const paths = [
    '/',
    '/feeds.opml',
    ...listedSelectors(store, now).flatMap((s) => FORMATS.map((f) => `/${feedBase(s)}${FEED_FILES[f]}`)),
  ];
  const k = store.hidden(now);
  const { articles } = store;
  const index: PrerenderedIndex = {
    format: ASSET_FORMAT,
    version: store.version,
    settings,
    from: k < articles.length ? (articles[k] as { published: number }).published : null,
    until: k > 0 ? (articles[k - 1] as { published: number }).published : null,
    policy: app.herald.policy(store),
    pages: {},
  };
  const files: [string, string | Uint8Array][] = [];
  for (const path of paths) {
    const response = await app.request(new URL(path, 'https://build.invalid').toString());
    await response.arrayBuffer();
    const found = app.herald.cache.recall(path);
    if (response.status !== 200 || !found) throw new Error(`prerendering ${path}: status ${response.status}`);
    index.pages[path] = files.length;
    files.push([pagePath(files.length), encodePage(saveRepresentation(found.rep), found.rep.identity.body)]);
  }
  return [[PRERENDERED_PATH, JSON.stringify(index)], ...files];
}

/** Whether `dir` already holds this store's assets, prerendered with these settings for the visible set
 * at `now` (an unchanged rebuild writes nothing; one after a scheduled article went live re-renders). */
async function upToDate(
  dir: string,
  store: MemoryStore,
  { config, settings }: { config: Config; settings: string },
  now: number,
): Promise<boolean> {
  try {
    const [manifest, index] = (await Promise.all(
      [MANIFEST_PATH, PRERENDERED_PATH].map(async (path) => JSON.parse(await readFile(join(dir, path), 'utf8'))),
    )) as [AssetManifest, PrerenderedIndex];
    return (
      manifest.format === ASSET_FORMAT &&
      manifest.compiler === compilerStamp() &&
      manifest.version === store.version &&
      manifest.siteUrl === (config.siteUrl ?? null) &&
      index.format === ASSET_FORMAT &&
      index.version === store.version &&
      index.settings === settings &&
      (index.from === null || now >= index.from) &&
      (index.until === null || now < index.until)
    );
  } catch {
    return false; // missing or unreadable: write everything
  }
}

/** Write every asset into a fresh directory, then swap it in: a running `wrangler dev` never reads a
 * half-written store. Returns the number of files written (0 when already up to date). */
export async function writeWorkerAssets(
  store: MemoryStore,
  { env, now, dir = ASSETS_DIR }: { env: Record<string, unknown>; now: number; dir?: string },
): Promise<number> {
  const parsed = parseConfig(env);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const settings = { config: parsed.config, settings: settingsKey(env) };
  const { config } = settings;
  if (await upToDate(dir, store, settings, now)) return 0;
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
    siteUrl: config.siteUrl ?? null,
    site: store.site,
    count,
    chunkSize: CHUNK_SIZE,
    slugBuckets: slugBucketCount(count),
    tags: groupEntries(store.tags, grouped),
    authors: groupEntries(store.authors, grouped),
    head: {
      published: articles.slice(0, head).map((a) => a.published),
      newest: newest.slice(0, head),
    },
    compiler: compilerStamp(),
  };
  const dates = new Float64Array(2 * count);
  articles.forEach((a, i) => {
    dates[i] = a.published;
    dates[count + i] = a.updated;
  });
  const buckets: Record<string, number>[] = Array.from({ length: manifest.slugBuckets }, () => ({}));
  articles.forEach((a, i) => {
    (buckets[slugBucket(a.slug, manifest.slugBuckets)] as Record<string, number>)[a.slug] = i;
  });

  const files: [string, string | Uint8Array][] = [
    [MANIFEST_PATH, JSON.stringify(manifest)],
    [DATES_PATH, new Uint8Array(dates.buffer)],
    [GROUPS_PATH, new Uint8Array(Uint32Array.from(positions).buffer)],
    [NEWEST_PATH, new Uint8Array(Float64Array.from(newest).buffer)],
    ...buckets.map((b, n) => [slugBucketPath(n), JSON.stringify(b)] as [string, string]),
  ];
  for (let n = 0; n * CHUNK_SIZE < count; n++) {
    // Field by field, not a spread: an article read from the Node index has its summary as a getter
    // (compiled-index.ts), and the source path (the build machine's layout) and body offsets stay out.
    const records = articles.slice(n * CHUNK_SIZE, (n + 1) * CHUNK_SIZE).map(
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

  files.push(...(await prerender(store, settings, now)));

  const staging = `${dir}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, 'store', 'chunks'), { recursive: true });
  await mkdir(join(staging, 'store', 'slugs'), { recursive: true });
  await mkdir(join(staging, 'store', 'pages'), { recursive: true });
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
