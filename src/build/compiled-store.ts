// Node only: the compiled store on disk. `npm run build` (and `npm start` on changed sources) writes
// .herald/store/ in the layout the Worker reads (storage/assets/format.ts), without the Worker's extras
// (no prerendered documents, no second copy of sparse groups): a manifest, then chunks of articles read
// when a page needs them. The manifest records the sources it was compiled from (build/source-stamp.ts)
// and the code that compiled it (build/compiler-stamp.ts), so `npm start` reuses it while both are
// unchanged and reads no article file, renders no Markdown and keeps no body in memory; when they are not,
// `npm start` has it compiled by a child process (build/compile-child.ts) and opens the result.
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ArticleMemo, DigestMemo, Sources } from '../content/load.ts';
import type { MediaFiles } from '../core/article.ts';
import { wasEvaluated } from '../core/evaluated.ts';
import { assetPlan, type EncodedRecords } from '../storage/assets/files.ts';
import {
  ASSET_FORMAT,
  type AssetManifest,
  MANIFEST_PATH,
  MEDIA_PATH,
  type SourceStamp,
} from '../storage/assets/format.ts';
import { type AssetResponse, type FetchAsset, openAssetStore } from '../storage/assets/reader.ts';
import { createStore, type MemoryStore, type Store } from '../store/store.ts';
import { writeAssetDirectory } from './asset-directory.ts';
import { compilerStamp } from './compiler-stamp.ts';
import { mediaFiles } from './media-files.ts';
import { type Progress, silent } from './progress.ts';
import { stampManifest, stampSources } from './source-stamp.ts';
import { isMediaPath, readSources, type SourceManifest, statMedia, statSources } from './sources.ts';

/** Where the compiled store lives: a directory. */
export const COMPILED_PATH = '.herald/store';

export interface LoadedStore {
  /** What to serve: the store on disk, or in memory when it was compiled and not written. */
  store?: Store;
  /** The store as compiled now, every article in memory (for the Worker's assets); absent when reused. */
  compiled?: MemoryStore;
  problems: string[];
  fromCache: boolean;
  /** Threads that compiled article files (build/compile-pool.ts); absent when none was compiled. */
  threads?: number;
  /** Set when the directory holds this very store (reused or written). */
  saved?: true;
  /** The stamp of the sources, taken before they were read (absent when the store is not written). */
  sources?: SourceStamp;
  /** The chunk records the compile threads made of `compiled`'s articles, for the Worker's assets. */
  encoded?: EncodedRecords;
}

/** Whether this process has loaded the compiler (the loader with YAML, Markdown and the sanitizer, and
 * the compile pool): a server that compiled its store in a child process has not, and stays as small as
 * one started on a compiled store. */
export function compilerLoaded(): boolean {
  return wasEvaluated('compiler');
}

/** The store directory a server opened was replaced since (a `herald build` beside it): its files are
 * another store's now, and reading them would mix two stores in one page. */
export class StoreReplacedError extends Error {}

/** The files of a directory as asset reads (storage/assets/reader.ts): one file read per asset. Every
 * read first checks that the directory is still the one opened (its manifest's inode): a build swaps in
 * a new directory whole (asset-directory.ts), and a server reading on by path would otherwise serve
 * pages that mix the old store's positions with the new store's chunks, under the old ETags. Pages
 * already rendered are still served from the render cache; new ones fail, logged, until a restart. */
export function diskAssets(dir: string): FetchAsset {
  const manifest = `${dir}${MANIFEST_PATH}`;
  const opened = statSync(manifest, { throwIfNoEntry: false })?.ino;
  return async (path): Promise<AssetResponse> => {
    if (opened !== undefined && statSync(manifest, { throwIfNoEntry: false })?.ino !== opened) {
      throw new StoreReplacedError(
        `${dir} was replaced by another build while this server reads it; restart the server to serve the new store`,
      );
    }
    const bytes = await readFile(`${dir}${path}`).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    return {
      ok: bytes !== undefined,
      status: bytes ? 200 : 404,
      json: async () => JSON.parse(bytes?.toString('utf8') ?? 'null'),
      arrayBuffer: async () => (bytes ? new Uint8Array(bytes).buffer : new ArrayBuffer(0)),
    };
  };
}

/** The store compiled at `path` from `contentDir` with `siteUrl`: with `stamp`, one this Herald compiled
 * from sources in that state (reusable); with `version`, the one a compile just wrote (whichever code
 * and sources it was compiled from). Undefined when there is no such store or it is damaged. `now`: the
 * earliest instant it will be asked about. */
export async function readCompiledStore(
  contentDir: string,
  siteUrl: string | undefined,
  options: { path?: string; now: number } & ({ stamp: SourceStamp } | { version: string }),
): Promise<Store | undefined> {
  const dir = options.path ?? COMPILED_PATH;
  const manifest = await readFile(`${dir}${MANIFEST_PATH}`, 'utf8')
    .then((text) => JSON.parse(text) as AssetManifest)
    .catch(() => undefined);
  const origin = manifest?.origin;
  if (manifest?.format !== ASSET_FORMAT || origin?.contentDir !== resolve(contentDir)) return undefined;
  if (manifest.siteUrl !== (siteUrl ?? null)) return undefined;
  if ('version' in options ? manifest.version !== options.version : !reusable(manifest, options.stamp))
    return undefined;
  // A damaged directory (a chunk missing) fails when a page reads it, answered 500 and logged; the next
  // start compiles again only when the stamps differ, so a damaged store is removed by hand (rm -r .herald/store).
  return openAssetStore(diskAssets(dir), { from: options.now }).catch(() => undefined);
}

/** The media files of the store compiled at `dir` (none when there is none): an unchanged file keeps
 * its digest instead of being read again. */
async function previousMedia(dir: string): Promise<MediaFiles> {
  return readFile(`${dir}${MEDIA_PATH}`, 'utf8')
    .then((text) => JSON.parse(text) as MediaFiles)
    .catch(() => ({}));
}

function reusable(manifest: AssetManifest, stamp: SourceStamp): boolean {
  const sources = manifest.origin?.sources;
  return (
    sources?.count === stamp.count && sources.digest === stamp.digest && manifest.compiler === compilerStamp('store')
  );
}

/** What a watcher keeps between reloads so a change recompiles only what changed. */
export interface ReloadCache {
  /** Source texts by path, with the [size, mtime] they were read at. */
  texts: Map<string, { stamp: [number, number]; text: string }>;
  /** The sources of the last load (path -> text); a reload of named files updates it in place. */
  sources?: Sources;
  articles: ArticleMemo;
  digests: DigestMemo;
  /** The manifest of the last load. */
  manifest?: SourceManifest;
  /** Paths the watcher saw change since then; undefined means "look at everything". */
  changed?: Set<string>;
  /** The media files of the last load, whose digests an unchanged file keeps. */
  media?: MediaFiles;
}

export function createReloadCache(): ReloadCache {
  return { texts: new Map(), articles: new Map(), digests: new Map() };
}

/** The last manifest with only the files the watcher named re-stated (in place: the caller replaces it
 * by a full walk when this gives up); undefined when a named path is or was a directory (a folder of
 * articles created, renamed or removed), so a full walk is due. A name that is neither site.yaml nor an
 * article is skipped when it is a file or gone without having held articles: editors and tools that
 * save through a temporary file (`x.md.tmp` renamed over `x.md`, vim's `4913` probe, `x.md~`) name one
 * on every save, and a full walk costs 10,000 articles ~80 ms (the edit-to-served target). */
async function patchManifest(
  contentDir: string,
  manifest: SourceManifest,
  changed: Set<string>,
): Promise<SourceManifest | undefined> {
  for (const path of changed) {
    const info = await stat(join(contentDir, path)).catch(() => undefined);
    const source = path === 'site.yaml' || (path.startsWith('articles/') && path.endsWith('.md')) || isMediaPath(path);
    if (info?.isDirectory()) return undefined;
    if (!source) {
      // Gone: a folder that held articles (renamed or removed) changes the store, a temporary file not.
      const folder = `${path}/`;
      if (info === undefined && Object.keys(manifest).some((known) => known.startsWith(folder))) return undefined;
      continue;
    }
    if (info === undefined) delete manifest[path];
    else if (!info.isFile()) return undefined;
    else manifest[path] = [info.size, Math.round(info.mtimeMs)];
  }
  return manifest;
}

/** Read the sources the manifest lists (only `changed` of them when given: the rest are the last load's),
 * reusing the text of every file whose size and mtime are unchanged. Touching only the named files keeps
 * a reload of 10,000 articles from building a 10,000-key object again (the edit-to-served target). */
function readChanged(contentDir: string, manifest: SourceManifest, cache: ReloadCache, changed?: Set<string>): Sources {
  const incremental = changed !== undefined && cache.sources !== undefined;
  const sources: Sources = incremental ? (cache.sources as Sources) : {};
  // Until every listed file is read, the cache does not match the manifest: a failure (EACCES, EIO)
  // leaves the next reload a full walk.
  cache.sources = undefined;
  cache.manifest = undefined;
  for (const path of incremental ? (changed as Set<string>) : Object.keys(manifest)) {
    // Media files are listed for their size and mtime (mediaFiles), never read as text.
    if (isMediaPath(path)) continue;
    const stamp = manifest[path];
    const known = cache.texts.get(path);
    if (stamp === undefined) {
      delete sources[path];
      cache.texts.delete(path);
      continue;
    }
    if (known && known.stamp[0] === stamp[0] && known.stamp[1] === stamp[1]) {
      sources[path] = known.text;
      continue;
    }
    // One file at a time, as readSources does. Reading them all at once (a promise each) opened every
    // file before reading any: the first reload of 100,000 articles ran out of file descriptors (EMFILE)
    // and lost whatever could not be opened, site.yaml included.
    let text: string;
    try {
      text = readFileSync(join(contentDir, path), 'utf8');
    } catch (error) {
      // Gone since the stat: the next change event reloads again. Anything else is not "no such file".
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      delete sources[path];
      cache.texts.delete(path);
      continue;
    }
    sources[path] = text;
    cache.texts.set(path, { stamp, text });
  }
  if (!incremental) for (const path of cache.texts.keys()) if (!(path in manifest)) cache.texts.delete(path);
  cache.sources = sources;
  cache.manifest = manifest;
  return sources;
}

/** Compile `contentDir` into `path` (the Node server's store), or reuse what is there while the sources
 * and the compiler are unchanged (unless `force`). `now`: the instant the store is compiled for. */
export async function loadCompiledStore(
  contentDir: string,
  siteUrl: string | undefined,
  options: {
    write?: boolean;
    label?: string;
    path?: string;
    reload?: ReloadCache;
    now?: number;
    force?: boolean;
    /** Where compiling and writing report how far they are (the command line). */
    progress?: Progress;
  } = {},
): Promise<LoadedStore> {
  const path = options.path ?? COMPILED_PATH;
  const now = options.now ?? Date.now();
  // Watch mode keeps a manifest (path -> size, mtime) to re-stat only what changed; a plain start needs
  // only the stamp, which costs no object per source file.
  let manifest: SourceManifest | undefined;
  // The named files whose new state the manifest holds: only they are read again.
  let patched: Set<string> | undefined;
  if (options.reload) {
    // Take the watcher's list now: names that arrive while this load runs go to the next one.
    const changed = options.reload.changed;
    options.reload.changed = undefined;
    const previous = options.reload.manifest;
    manifest = previous && changed && (await patchManifest(contentDir, previous, changed));
    if (manifest) patched = changed;
    else manifest = await statSources(contentDir);
    // readChanged keeps it in the cache, with the sources read for it.
  }
  const write = options.write !== false;
  // Stamped before anything is read: a file changed while compiling makes the next start compile again.
  // The walk that stamps also lists the media files (used below when the store is compiled).
  const walkedMedia: SourceManifest = {};
  const stamp: SourceStamp | undefined = write
    ? manifest
      ? stampManifest(manifest)
      : stampSources(contentDir, walkedMedia)
    : undefined;
  if (stamp && !options.force) {
    // Otherwise compile (again) below.
    const store = await readCompiledStore(contentDir, siteUrl, { path, stamp, now });
    if (store) return { store, problems: [], fromCache: true, saved: true, sources: stamp };
  }
  // Imported only when compiling: a restart on an unchanged store never loads YAML, Markdown or the
  // sanitizer, which is a good part of start-up time.
  const [{ loadStore }, { createParallelCompiler, digestSources }] = await Promise.all([
    import('../content/load.ts'),
    import('./compile-pool.ts'),
  ]);
  // Before reading: a large store's worker threads start while the files are read (a reload mostly
  // recompiles a few files, and starts them only when it turns out to need them).
  const files = stamp?.count ?? (manifest ? Object.keys(manifest).length : 0);
  const progress = options.progress ?? silent;
  const compile = createParallelCompiler({
    expectedJobs: options.reload ? 0 : files,
    progress,
    records: !options.reload,
  });
  const sources =
    options.reload && manifest
      ? readChanged(contentDir, manifest, options.reload, patched)
      : await readSources(contentDir);
  // Media files: from the manifest a reload keeps, else listed now; unchanged ones keep their digests.
  const media = mediaFiles(
    contentDir,
    manifest ?? (stamp ? walkedMedia : statMedia(contentDir)),
    options.reload?.media ?? (await previousMedia(path)),
  );
  if (options.reload) options.reload.media = media;
  const result = await loadStore(sources, {
    compile,
    media,
    ...(options.reload
      ? { memo: options.reload.articles, digests: options.reload.digests }
      : { digests: digestSources(sources) }),
    label: options.label ?? contentDir.replace(/\/+$/, ''),
    ...(siteUrl ? { siteUrl } : {}),
  });
  const compiled = {
    fromCache: false,
    ...(stamp ? { sources: stamp } : {}),
    ...(compile.threads > 0 ? { threads: compile.threads } : {}),
    encoded: compile.encoded,
  };
  if (!result.store) return { problems: result.problems, ...compiled };
  const memory = createStore(result.store);
  if (result.problems.length > 0 || !stamp)
    return { store: memory, compiled: memory, problems: result.problems, ...compiled };
  try {
    // The Node server reads pages by position and through each group's positions: no group gets a second
    // copy of its records, which a fresh Workers isolate needs and a disk does not.
    const origin = { contentDir: resolve(contentDir), sources: stamp };
    const plan = assetPlan(memory, {
      siteUrl: siteUrl ?? null,
      now,
      compiler: compilerStamp('store'),
      records: 'none',
      groupFiles: false,
      origin,
      encoded: compile.encoded,
    });
    await writeAssetDirectory(path, plan.files, progress.stage(`writing ${path}`, plan.count, 'files'));
    // The store served is the one a restart would open.
    const store = await readCompiledStore(contentDir, siteUrl, { path, version: memory.version, now });
    if (store) return { store, compiled: memory, problems: [], ...compiled, saved: true };
  } catch {
    // A read-only disk: serve from memory, as compiled (below).
  }
  return { store: memory, compiled: memory, problems: [], ...compiled };
}
