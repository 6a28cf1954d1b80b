// Node only: read content/ into { "site.yaml": text, "articles/x.md": text }, or list it cheaply.
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir: string, rel: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) walk(join(dir, e.name), `${rel}/${e.name}`, out);
    else if (e.isFile() && e.name.endsWith('.md')) out.push(`${rel}/${e.name}`);
  }
}

export async function readSources(contentDir: string): Promise<Record<string, string>> {
  // Synchronous reads on purpose: one promise and file handle per file cost 10,000 small articles
  // about five times the CPU of readFileSync, and nothing else runs while a store is read.
  const sources: Record<string, string> = {};
  try {
    sources['site.yaml'] = readFileSync(join(contentDir, 'site.yaml'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const files: string[] = [];
  try {
    walk(join(contentDir, 'articles'), 'articles', files);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const path of files) sources[path] = readFileSync(join(contentDir, path), 'utf8');
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
