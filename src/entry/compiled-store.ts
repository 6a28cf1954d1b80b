// Node only: the compiled store cache in .herald/store.json, written by `npm run build` and reused by
// `npm start` while the sources are unchanged, so a restart skips parsing and Markdown rendering.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CompiledStore } from '../store/article.ts';
import { loadStore, storeVersion } from '../store/load.ts';
import { readSources } from '../store/sources-fs.ts';
import { createStore, type Store } from '../store/store.ts';

export const COMPILED_PATH = '.herald/store.json';

export interface CompiledFile {
  contentDir: string;
  siteUrl: string | null;
  compiled: CompiledStore;
}

export interface LoadedStore {
  store?: Store;
  compiled?: CompiledStore;
  problems: string[];
  fromCache: boolean;
}

async function readCompiled(path: string): Promise<CompiledFile | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as CompiledFile;
  } catch {
    return undefined;
  }
}

export async function writeCompiled(file: CompiledFile, path = COMPILED_PATH): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Write then rename: a reader never sees half a file.
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(file));
  await rename(tmp, path);
}

/** Compile `contentDir` (or reuse the compiled copy when its version matches the sources). */
export async function loadCompiledStore(
  contentDir: string,
  siteUrl: string | undefined,
  options: { write?: boolean; label?: string; path?: string } = {},
): Promise<LoadedStore> {
  const path = options.path ?? COMPILED_PATH;
  const absolute = resolve(contentDir);
  const sources = await readSources(contentDir);
  const version = await storeVersion(sources, siteUrl);
  const cached = await readCompiled(path);
  if (
    cached?.compiled?.version === version &&
    cached.contentDir === absolute &&
    cached.siteUrl === (siteUrl ?? null) &&
    cached.compiled.format === 1
  ) {
    return {
      store: createStore(cached.compiled),
      compiled: cached.compiled,
      problems: [],
      fromCache: true,
    };
  }
  const result = await loadStore(sources, {
    label: options.label ?? contentDir.replace(/\/+$/, ''),
    ...(siteUrl ? { siteUrl } : {}),
  });
  if (!result.store) return { problems: result.problems, fromCache: false };
  if (result.problems.length === 0 && options.write !== false) {
    await writeCompiled(
      {
        contentDir: absolute,
        siteUrl: siteUrl ?? null,
        compiled: result.store,
      },
      path,
    ).catch(() => {});
  }
  return {
    store: createStore(result.store),
    compiled: result.store,
    problems: result.problems,
    fromCache: false,
  };
}
