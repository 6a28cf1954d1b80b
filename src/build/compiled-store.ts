// Node only: the compiled store on disk. `npm run build` (and `npm start` on changed sources) writes
//   .herald/index.bin    every article without its body, in columns (storage/node-index.ts), plus a
//                        stamp of the sources (build/source-stamp.ts);
//   .herald/bodies.bin   the bodies, one after another, read on demand by byte offset.
// (The Worker's copy is written by `npm run build` alone: .herald/assets, see build/worker-assets.ts.)
// `npm start` reuses index.bin while the stamp matches the sources, so a restart reads no article
// file, renders no Markdown, and keeps no body in memory (the memory target, docs/performance.md); when it
// does not, `npm start` has it compiled by a child process (build/compile-child.ts) and reads it back.

import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ArticleMemo, DigestMemo, Sources } from '../content/load.ts';
import type { Article } from '../core/article.ts';
import {
  decodeIndex,
  encodeIndex,
  type IndexFile,
  parseIndex,
  type ReadText,
  serializeIndex,
} from '../storage/node-index.ts';
import { createStore, type MemoryStore } from '../store/store.ts';
import { writeAtomically } from './atomic-write.mjs';
import { compilerStamp } from './compiler-stamp.ts';
import { type SourceStamp, stampManifest, stampSources } from './source-stamp.ts';
import { readSources, type SourceManifest, statSources } from './sources.ts';

/** Where the compiled store lives: index.bin and bodies.bin are written beside this path. */
export const COMPILED_PATH = '.herald/store';

export interface LoadedStore {
  store?: MemoryStore;
  problems: string[];
  fromCache: boolean;
  /** Threads that compiled article files (build/compile-pool.ts); absent when none was compiled. */
  threads?: number;
  /** Set when index.bin and bodies.bin beside the path hold this very store (reused or written). */
  saved?: true;
}

/** The files of the compiled store at `path` (see COMPILED_PATH). */
export function compiledFiles(path: string): { index: string; bodies: string } {
  return { index: join(dirname(path), 'index.bin'), bodies: join(dirname(path), 'bodies.bin') };
}

export { partialFile } from './atomic-write.mjs';

let compilerImported = false;

/** Whether this process has loaded the compiler (the loader with YAML, Markdown and the sanitizer, and
 * the compile pool): a server that compiled its store in a child process has not, and stays as small as
 * one started on a compiled store. */
export function compilerLoaded(): boolean {
  return compilerImported;
}

/** Text read by offset from the bodies file; the descriptor lives as long as the process. */
function fileText(fd: number): ReadText {
  const decoder = new TextDecoder();
  return (offset, length) => {
    const buffer = new Uint8Array(length);
    // Synchronous on purpose: a page needs about 20 small reads from the page cache, once per render.
    readSync(fd, buffer, 0, length, offset);
    return decoder.decode(buffer);
  };
}

/** The store an index describes, its bodies and summaries read from `bodiesPath`; undefined when either
 * file is missing or does not match the other (compile again then). */
function storeFromIndex(index: Parameters<typeof decodeIndex>[0], bodiesPath: string): MemoryStore | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(bodiesPath, 'r');
    const read = fileText(fd);
    const compiled = decodeIndex(index, { size: fstatSync(fd).size, read });
    return createStore(compiled, (article: Article) => (article.body ? read(...article.body) : article.html));
  } catch {
    if (fd !== undefined) closeSync(fd);
    return undefined;
  }
}

/** The store compiled at `path` from `contentDir` with `siteUrl`: with `stamp`, one this Herald compiled
 * from sources in that state (reusable); with `version`, the one a compile just wrote (whichever code
 * and sources it was compiled from). Undefined when there is no such store or it is damaged. */
export async function readCompiledStore(
  contentDir: string,
  siteUrl: string | undefined,
  options: { path?: string } & ({ stamp: SourceStamp } | { version: string }),
): Promise<MemoryStore | undefined> {
  const files = compiledFiles(options.path ?? COMPILED_PATH);
  const cached = await readFile(files.index)
    .then(parseIndex)
    .catch(() => undefined);
  const header = cached?.index;
  if (!cached || header?.contentDir !== resolve(contentDir) || header.siteUrl !== (siteUrl ?? null)) return undefined;
  if ('version' in options ? header.version !== options.version : !reusable(header, options.stamp)) return undefined;
  // Undefined when bodies.bin is gone or does not match the index.
  return storeFromIndex(cached, files.bodies);
}

function reusable(header: IndexFile, stamp: SourceStamp): boolean {
  return (
    header.sources?.count === stamp.count &&
    header.sources.digest === stamp.digest &&
    header.compiler === compilerStamp('index')
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
    const source = path === 'site.yaml' || (path.startsWith('articles/') && path.endsWith('.md'));
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

/** Compile `contentDir`, or reuse the compiled copy while the sources' manifest is unchanged. */
export async function loadCompiledStore(
  contentDir: string,
  siteUrl: string | undefined,
  options: { write?: boolean; label?: string; path?: string; reload?: ReloadCache } = {},
): Promise<LoadedStore> {
  const path = options.path ?? COMPILED_PATH;
  const { index: indexPath, bodies: bodiesPath } = compiledFiles(path);
  const absolute = resolve(contentDir);
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
  const stamp: SourceStamp | undefined = write
    ? manifest
      ? stampManifest(manifest)
      : stampSources(contentDir)
    : undefined;
  if (stamp) {
    // Otherwise compile (again) below.
    const store = await readCompiledStore(contentDir, siteUrl, { path, stamp });
    if (store) return { store, problems: [], fromCache: true, saved: true };
  }
  // Imported only when compiling: a restart on an unchanged store never loads YAML, Markdown or the
  // sanitizer, which is a good part of start-up time.
  compilerImported = true;
  const [{ loadStore }, { createParallelCompiler, digestSources }] = await Promise.all([
    import('../content/load.ts'),
    import('./compile-pool.ts'),
  ]);
  // Before reading: a large store's worker threads start while the files are read (a reload mostly
  // recompiles a few files, and starts them only when it turns out to need them).
  const files = stamp?.count ?? (manifest ? Object.keys(manifest).length : 0);
  const compile = createParallelCompiler({ expectedJobs: options.reload ? 0 : files });
  const sources =
    options.reload && manifest
      ? readChanged(contentDir, manifest, options.reload, patched)
      : await readSources(contentDir);
  const result = await loadStore(sources, {
    compile,
    ...(options.reload
      ? { memo: options.reload.articles, digests: options.reload.digests }
      : { digests: digestSources(sources) }),
    label: options.label ?? contentDir.replace(/\/+$/, ''),
    ...(siteUrl ? { siteUrl } : {}),
  });
  const compiled = { fromCache: false, ...(compile.threads > 0 ? { threads: compile.threads } : {}) };
  if (!result.store) return { problems: result.problems, ...compiled };
  if (result.problems.length > 0 || !stamp) {
    return { store: createStore(result.store), problems: result.problems, ...compiled };
  }
  const file = { contentDir: absolute, siteUrl: siteUrl ?? null, compiler: compilerStamp('index') };
  const encoded = encodeIndex(result.store, { ...file, sources: stamp });
  try {
    writeAtomically(bodiesPath, encoded.bodies);
    const indexBytes = serializeIndex(encoded);
    writeAtomically(indexPath, indexBytes);
    // What earlier versions wrote (JSON, tens of MB at 100,000 articles), now unread.
    await Promise.all(['index.json', 'store.json'].map((f) => rm(join(dirname(path), f), { force: true })));
    // The store served is the one a restart would read back.
    const parsed = parseIndex(Buffer.from(indexBytes.buffer, indexBytes.byteOffset, indexBytes.byteLength));
    const store = parsed && storeFromIndex(parsed, bodiesPath);
    if (store) return { store, problems: [], ...compiled, saved: true };
  } catch {
    // A read-only disk: serve from memory, as compiled (below).
  }
  return { store: createStore(result.store), problems: [], ...compiled };
}
