// Node only: the compiled store on disk. `npm run build` (and `npm start` on changed sources) writes
//   .herald/store.json   the whole store, bodies inline: what the Worker bundles;
//   .herald/index.json   every article without its body, plus a manifest (size, mtime) of the sources;
//   .herald/bodies.bin   the bodies, one after another, read on demand by byte offset.
// `npm start` reuses index.json while the manifest matches the sources, so a restart reads no article
// file, renders no Markdown, and keeps no body in memory (issue 5: 100,000 articles in 200 MB).
import { existsSync, openSync, readSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Article, CompiledStore } from '../store/article.ts';
import type { ArticleMemo, DigestMemo, Sources } from '../store/load.ts';
import { readSources, type SourceManifest, statSources } from '../store/sources-fs.ts';
import { type BodyReader, createStore, type Store } from '../store/store.ts';
import { articleUrl } from '../store/urls.ts';

export const COMPILED_PATH = '.herald/store.json';

/** Bodies beyond this many bytes make a Worker script too large to deploy (3 MB gzipped): no store.json. */
const WORKER_BUNDLE_LIMIT = 24_000_000;

export interface CompiledFile {
  contentDir: string;
  siteUrl: string | null;
  compiled: CompiledStore;
}

interface IndexFile extends CompiledFile {
  manifest: SourceManifest;
  /** Whether store.json (the Worker bundle) was written with it. */
  workerBundle: boolean;
}

export interface LoadedStore {
  store?: Store;
  problems: string[];
  fromCache: boolean;
  /** Set when store.json was not written because the store is too large for a Worker bundle. */
  workerBundleSkipped?: boolean;
}

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Write then rename: a reader never sees half a file, and an open descriptor keeps the old one.
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

export async function writeCompiled(file: CompiledFile, path = COMPILED_PATH): Promise<void> {
  await writeAtomically(path, JSON.stringify(file));
}

function sameManifest(a: SourceManifest, b: SourceManifest): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => b[k]?.[0] === a[k]?.[0] && b[k]?.[1] === a[k]?.[1]);
}

/** Read bodies by offset from the bodies file; the descriptor lives as long as the process. */
function fileBodies(path: string): BodyReader {
  const fd = openSync(path, 'r');
  const decoder = new TextDecoder();
  return (article: Article) => {
    if (!article.body) return article.html;
    const [offset, length] = article.body;
    const buffer = new Uint8Array(length);
    // Synchronous on purpose: a page needs about 20 small reads from the page cache, once per render.
    readSync(fd, buffer, 0, length, offset);
    return decoder.decode(buffer);
  };
}

/** Move bodies out of the articles into one buffer; the articles keep offsets. */
function splitBodies(compiled: CompiledStore): { index: CompiledStore; bodies: Uint8Array } {
  // One buffer sized first, every body encoded straight into it: an array per body cost 100,000
  // articles ~10 s, most of it garbage collection of 500 MB of short-lived buffers.
  const lengths = compiled.articles.map((a) => Buffer.byteLength(a.html, 'utf8'));
  const bodies = Buffer.allocUnsafe(lengths.reduce((sum, n) => sum + n, 0));
  let offset = 0;
  const articles = compiled.articles.map((a, i) => {
    const length = lengths[i] as number;
    bodies.write(a.html, offset, length, 'utf8');
    // What the index can rebuild is left out (see share()): the body, the source path (only needed for
    // messages while compiling), the link to our own page and a guid equal to it.
    const { html: _html, source: _source, link, id, ...rest } = a;
    const entry = {
      ...rest,
      ...(a.external ? { link } : {}),
      ...(id !== link ? { id } : {}),
      body: [offset, length],
    } as Article;
    offset += length;
    return entry;
  });
  return { index: { ...compiled, articles }, bodies };
}

/** Rebuild what splitBodies left out, and share repeated values: JSON.parse makes a fresh string or
 * object for every occurrence (tags, authors), which costs 100,000 articles tens of megabytes of heap. */
function share(compiled: CompiledStore): CompiledStore {
  const strings = new Map<string, string>();
  const people = new Map<string, Article['authors'][number]>();
  const one = (s: string) => {
    const known = strings.get(s);
    if (known !== undefined) return known;
    strings.set(s, s);
    return s;
  };
  for (const a of compiled.articles) {
    a.tags = a.tags.map(one);
    a.authors = a.authors.map((p) => {
      const key = `${p.name}\u0000${p.email ?? ''}\u0000${p.url ?? ''}`;
      const known = people.get(key);
      if (known) return known;
      people.set(key, p);
      return p;
    });
    a.html = '';
    a.source ??= '';
    a.link ??= articleUrl(compiled.site.url, a.slug);
    a.id ??= a.link;
  }
  return compiled;
}

/** What a watcher keeps between reloads so a change recompiles only what changed. */
export interface ReloadCache {
  /** Source texts by path, with the size and mtime they were read at. */
  texts: Map<string, { stamp: string; text: string }>;
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

/** The last manifest with only the files the watcher named re-stated; undefined when the change may
 * touch directories (an event without a file name, a path that is not an article), so a full walk is due. */
async function patchManifest(
  contentDir: string,
  manifest: SourceManifest,
  changed: Set<string>,
): Promise<SourceManifest | undefined> {
  const next: SourceManifest = { ...manifest };
  for (const path of changed) {
    if (path !== 'site.yaml' && !(path.startsWith('articles/') && path.endsWith('.md'))) return undefined;
    const info = await stat(join(contentDir, path)).catch(() => undefined);
    if (info === undefined) delete next[path];
    else if (!info.isFile()) return undefined;
    else next[path] = [info.size, Math.round(info.mtimeMs)];
  }
  return next;
}

/** Read the sources the manifest lists, reusing the text of every file whose size and mtime are unchanged. */
async function readChanged(contentDir: string, manifest: SourceManifest, cache: ReloadCache): Promise<Sources> {
  const sources: Sources = {};
  const stale = Object.keys(manifest).filter((path) => {
    const stamp = String(manifest[path]);
    const known = cache.texts.get(path);
    if (known?.stamp === stamp) {
      sources[path] = known.text;
      return false;
    }
    return true;
  });
  await Promise.all(
    stale.map(async (path) => {
      const text = await readFile(join(contentDir, path), 'utf8').catch(() => undefined);
      if (text === undefined) return; // gone since the stat: the next change event reloads again
      sources[path] = text;
      cache.texts.set(path, { stamp: String(manifest[path]), text });
    }),
  );
  for (const path of cache.texts.keys()) if (!(path in manifest)) cache.texts.delete(path);
  return sources;
}

/** Compile `contentDir`, or reuse the compiled copy while the sources' manifest is unchanged. */
export async function loadCompiledStore(
  contentDir: string,
  siteUrl: string | undefined,
  options: { write?: boolean; label?: string; path?: string; reload?: ReloadCache } = {},
): Promise<LoadedStore> {
  const path = options.path ?? COMPILED_PATH;
  const indexPath = join(dirname(path), 'index.json');
  const bodiesPath = join(dirname(path), 'bodies.bin');
  const absolute = resolve(contentDir);
  // Take the watcher's list now: names that arrive while this load runs go to the next one.
  const changed = options.reload?.changed;
  if (options.reload) options.reload.changed = undefined;
  const previous = options.reload?.manifest;
  const manifest =
    (previous && changed && (await patchManifest(contentDir, previous, changed))) || (await statSources(contentDir));
  if (options.reload) options.reload.manifest = manifest;
  if (options.write !== false) {
    const cached = await readFile(indexPath, 'utf8')
      .then((text) => JSON.parse(text) as IndexFile)
      .catch(() => undefined);
    if (
      cached?.compiled?.format === 1 &&
      cached.contentDir === absolute &&
      cached.siteUrl === (siteUrl ?? null) &&
      sameManifest(cached.manifest, manifest) &&
      (!cached.workerBundle || existsSync(path))
    ) {
      try {
        return { store: createStore(share(cached.compiled), fileBodies(bodiesPath)), problems: [], fromCache: true };
      } catch {
        // bodies.bin is gone: compile again below.
      }
    }
  }
  // Imported only when compiling: a restart on an unchanged store never loads YAML, Markdown or the
  // sanitizer, which is a good part of start-up time.
  const [{ loadStore }, { createParallelCompiler, digestSources }] = await Promise.all([
    import('../store/load.ts'),
    import('./compile-pool.ts'),
  ]);
  // Before reading: a large store's worker threads start while the files are read (a reload mostly
  // recompiles a few files, and starts them only when it turns out to need them).
  const compile = createParallelCompiler({ expectedJobs: options.reload ? 0 : Object.keys(manifest).length });
  const sources = options.reload
    ? await readChanged(contentDir, manifest, options.reload)
    : await readSources(contentDir);
  const result = await loadStore(sources, {
    compile,
    ...(options.reload
      ? { memo: options.reload.articles, digests: options.reload.digests }
      : { digests: digestSources(sources) }),
    label: options.label ?? contentDir.replace(/\/+$/, ''),
    ...(siteUrl ? { siteUrl } : {}),
  });
  if (!result.store) return { problems: result.problems, fromCache: false };
  if (result.problems.length > 0 || options.write === false) {
    return { store: createStore(result.store), problems: result.problems, fromCache: false };
  }
  const file = { contentDir: absolute, siteUrl: siteUrl ?? null };
  const { index, bodies } = splitBodies(result.store);
  const workerBundleSkipped = bodies.byteLength > WORKER_BUNDLE_LIMIT;
  try {
    if (!workerBundleSkipped) await writeCompiled({ ...file, compiled: result.store }, path);
    await writeAtomically(bodiesPath, bodies);
    await writeAtomically(
      indexPath,
      JSON.stringify({ ...file, manifest, workerBundle: !workerBundleSkipped, compiled: index } satisfies IndexFile),
    );
    return {
      store: createStore(share(index), fileBodies(bodiesPath)),
      problems: [],
      fromCache: false,
      workerBundleSkipped,
    };
  } catch {
    // A read-only disk: serve from memory, as compiled.
    return { store: createStore(result.store), problems: [], fromCache: false };
  }
}
