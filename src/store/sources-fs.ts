// Node only: read content/ into { "site.yaml": text, "articles/x.md": text }, or list it cheaply.
import { type Dirent, readdirSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return walk(path);
      return Promise.resolve(e.isFile() && e.name.endsWith('.md') ? [path] : []);
    }),
  );
  return nested.flat();
}

export async function readSources(contentDir: string): Promise<Record<string, string>> {
  const sources: Record<string, string> = {};
  try {
    sources['site.yaml'] = await readFile(join(contentDir, 'site.yaml'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let files: string[] = [];
  try {
    files = await walk(join(contentDir, 'articles'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Read in bounded batches: a 100,000-file store must not open 100,000 descriptors at once.
  for (let i = 0; i < files.length; i += 256) {
    const batch = files.slice(i, i + 256);
    const texts = await Promise.all(batch.map((f) => readFile(f, 'utf8')));
    batch.forEach((file, j) => {
      sources[relative(contentDir, file).split(sep).join('/')] = texts[j] as string;
    });
  }
  return sources;
}

/** Path -> [size, mtime] of every source file: enough to tell an unchanged store without reading it. */
export type SourceManifest = Record<string, [number, number]>;

export async function statSources(contentDir: string): Promise<SourceManifest> {
  // Synchronous calls on purpose: 100,000 stats through promises cost several times more, and this
  // runs once at start before the server listens.
  const manifest: SourceManifest = {};
  const visit = (dir: string, rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const e of entries) {
      const path = `${dir}/${e.name}`;
      const relPath = `${rel}/${e.name}`;
      if (e.isDirectory()) visit(path, relPath);
      else if (e.isFile() && e.name.endsWith('.md')) {
        const st = statSync(path);
        manifest[relPath] = [st.size, Math.round(st.mtimeMs)];
      }
    }
  };
  visit(join(contentDir, 'articles'), 'articles');
  const site = statSync(join(contentDir, 'site.yaml'), { throwIfNoEntry: false });
  if (site) manifest['site.yaml'] = [site.size, Math.round(site.mtimeMs)];
  return manifest;
}
