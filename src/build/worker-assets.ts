// Node only (`npm run build`): write the compiled store as the Worker's static assets (.herald/assets,
// the `[assets]` directory in wrangler.toml), in the layout src/storage/assets/format.ts describes: the
// store's data (storage/assets/files.ts) and the pages prerendered here.

import { lstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp } from '../app/app.ts';
import { type Config, parseConfig, settingsKey } from '../app/config.ts';
import { fixedClock } from '../core/clock.ts';
import { FEED_FILES, FORMATS, feedBase } from '../feed/model.ts';
import { saveRepresentation } from '../http/representation.ts';
import { type AssetFile, assetPlan, type EncodedRecords } from '../storage/assets/files.ts';
import {
  ASSET_FORMAT,
  type AssetManifest,
  encodePage,
  type GroupRecords,
  MANIFEST_PATH,
  PRERENDERED_PATH,
  type PrerenderedIndex,
  pagePath,
  type StoreOrigin,
} from '../storage/assets/format.ts';
import { MAX_ASSET_BYTES, mediaAssetPath } from '../storage/assets/media-path.ts';
import { listedSelectors } from '../store/listings.ts';
import type { MemoryStore } from '../store/store.ts';
import { type CopiedFile, writeAssetDirectory } from './asset-directory.ts';
import { compilerStamp } from './compiler-stamp.ts';
import { type Progress, silent } from './progress.ts';

export const ASSETS_DIR = '.herald/assets';

/** The first page of every listed feed in every format, the home page and the OPML list, rendered by
 * the app itself at `now` with the build's settings: the Worker serves them as they are while its own
 * settings and visible set are the same (src/runtime/workers/prerendered.ts). */
async function prerender(
  store: MemoryStore,
  { config, settings }: { config: Config; settings: string },
  now: number,
  progress: Progress,
): Promise<AssetFile[]> {
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
  const files: AssetFile[] = [];
  const stage = progress.stage('rendering first pages', paths.length, 'documents');
  for (const path of paths) {
    const response = await app.request(new URL(path, 'https://build.invalid').toString());
    await response.arrayBuffer();
    const found = app.herald.cache.recall(path);
    if (response.status !== 200 || !found) throw new Error(`prerendering ${path}: status ${response.status}`);
    index.pages[path] = files.length;
    files.push([pagePath(files.length), encodePage(saveRepresentation(found.rep), found.rep.identity.body)]);
    stage.tick(files.length);
  }
  stage.finish();
  return [[PRERENDERED_PATH, JSON.stringify(index)], ...files];
}

const MIB = 1024 * 1024;

/** What keeps the store's media files out of the Worker's static assets: each file larger than Cloudflare
 * allows one asset (storage/assets/media-path.ts), one line each, naming it below `contentDir` as given.
 * The Node server streams such a file from disk; only the Worker cannot serve it. */
export function workerMediaProblems(store: MemoryStore, contentDir: string): string[] {
  const problems: string[] = [];
  for (const [path, file] of Object.entries(store.mediaFiles ?? {})) {
    if (file.size <= MAX_ASSET_BYTES) continue;
    problems.push(
      // Rounded up: a file a byte over the limit does not read "25.0 MiB".
      `${contentDir}/articles/${path}: size: ${(Math.ceil((file.size / MIB) * 10) / 10).toFixed(1)} MiB is over the 25 MiB Cloudflare ` +
        'allows one static asset, so the Worker cannot serve it; host the file elsewhere (R2, a CDN) and give ' +
        "its URL as the article's enclosure url, with its length and type (herald build --node is not affected)",
    );
  }
  return problems;
}

/** The media files as assets, copied from the content directory under their digest's name. Each must
 * still be the file the store was compiled from (same size and time, as the index's digest assumes), and
 * a regular file, not a link: otherwise the build stops rather than deploy bytes the index does not
 * describe. */
function mediaCopies(store: MemoryStore, contentDir: string | undefined): CopiedFile[] {
  const media = Object.entries(store.mediaFiles ?? {});
  if (media.length === 0) return [];
  if (contentDir === undefined) throw new Error('writeWorkerAssets: the store has media files: pass contentDir');
  const problems = workerMediaProblems(store, contentDir);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const copies = new Map<string, CopiedFile>();
  for (const [path, file] of media) {
    const source = join(contentDir, 'articles', ...path.split('/'));
    const st = lstatSync(source, { throwIfNoEntry: false });
    if (!st?.isFile() || st.size !== file.size || Math.round(st.mtimeMs) !== file.lastModified) {
      throw new Error(
        `${contentDir}/articles/${path}: ${st ? 'changed' : 'was removed'} since the store was compiled; build again`,
      );
    }
    // Identical files share one asset (the name is their digest).
    const asset = mediaAssetPath(file);
    if (!copies.has(asset)) copies.set(asset, [asset, { copyFrom: source }]);
  }
  return [...copies.values()];
}

/** Whether `dir` already holds this store's assets, prerendered with these settings for the visible set
 * at `now` (an unchanged rebuild writes nothing; one after a scheduled article went live re-renders). */
/** What a set of assets was made from: the store's version, or (before compiling) the stamp of the
 * content directory it was compiled from. */
type Made = { version: string } | { origin: StoreOrigin };

async function upToDate(
  dir: string,
  made: Made,
  { config, settings }: { config: Config; settings: string },
  now: number,
  records: GroupRecords,
): Promise<boolean> {
  try {
    const [manifest, index] = (await Promise.all(
      [MANIFEST_PATH, PRERENDERED_PATH].map(async (path) => JSON.parse(await readFile(join(dir, path), 'utf8'))),
    )) as [AssetManifest, PrerenderedIndex];
    const same =
      'version' in made
        ? manifest.version === made.version
        : manifest.origin?.contentDir === made.origin.contentDir &&
          manifest.origin.sources.count === made.origin.sources.count &&
          manifest.origin.sources.digest === made.origin.sources.digest;
    return (
      same &&
      manifest.format === ASSET_FORMAT &&
      manifest.compiler === compilerStamp('assets') &&
      manifest.siteUrl === (config.siteUrl ?? null) &&
      manifest.groupRecords === records &&
      index.format === ASSET_FORMAT &&
      index.version === manifest.version &&
      index.settings === settings &&
      (index.from === null || now >= index.from) &&
      (index.until === null || now < index.until)
    );
  } catch {
    return false; // missing or unreadable: write everything
  }
}

/** Whether `dir` holds the Worker's assets of a store (by its version, or of the sources it is compiled
 * from, by their stamp) for the settings in `env` and the visible set at `now`: then a build writes
 * nothing, and need not even compile. */
export async function workerAssetsUpToDate(
  made: Made,
  {
    env,
    now,
    dir = ASSETS_DIR,
    records = 'sparse',
  }: { env: Record<string, unknown>; now: number; dir?: string; records?: GroupRecords },
): Promise<boolean> {
  const parsed = parseConfig(env);
  if (!parsed.ok) return false;
  return upToDate(dir, made, { config: parsed.config, settings: settingsKey(env) }, now, records);
}

/** Write every asset into a fresh directory, then swap it in: a running `wrangler dev` never reads a
 * half-written store. Returns the number of files written (0 when already up to date). `records`: which
 * groups get their own record chunks (tests reach both ways of reading a group's page with it). */
export async function writeWorkerAssets(
  store: MemoryStore,
  {
    env,
    now,
    dir = ASSETS_DIR,
    records = 'sparse',
    progress = silent,
    origin,
    contentDir,
    encoded,
  }: {
    env: Record<string, unknown>;
    now: number;
    dir?: string;
    records?: GroupRecords;
    progress?: Progress;
    /** What it was compiled from, so an unchanged rebuild need not compile to know it writes nothing. */
    origin?: StoreOrigin;
    /** Where the media files of the store are copied from (required when it has any). */
    contentDir?: string;
    /** The articles' chunk records, where the compile made them. */
    encoded?: EncodedRecords;
  },
): Promise<number> {
  const parsed = parseConfig(env);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const settings = { config: parsed.config, settings: settingsKey(env) };
  const { config } = settings;
  if (await upToDate(dir, { version: store.version }, settings, now, records)) return 0;
  // Before anything is rendered: a file the Worker cannot hold stops the build at once.
  const media = mediaCopies(store, contentDir);
  const items = config.items ?? store.site.items;
  const plan = assetPlan(store, {
    siteUrl: config.siteUrl ?? null,
    now,
    compiler: compilerStamp('assets'),
    items,
    records,
    ...(origin ? { origin } : {}),
    ...(encoded ? { encoded } : {}),
  });
  const prerendered = await prerender(store, settings, now, progress);
  const files = (function* () {
    yield* plan.files;
    yield* prerendered;
    yield* media;
  })();
  const count = plan.count + prerendered.length + media.length;
  return writeAssetDirectory(dir, files, progress.stage(`writing ${dir}`, count, 'files'));
}
