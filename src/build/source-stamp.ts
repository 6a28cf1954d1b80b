// Node only: the stamp of a content directory's sources and media files (how many, and a digest of each
// one's path, size and mtime) that tells an unchanged store at start without building a 100,000-entry manifest.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceStamp } from '../storage/assets/format.ts';
import { isMediaPath, type SourceManifest } from './sources.ts';

export type { SourceStamp } from '../storage/assets/format.ts';

/** Adds files to an order-independent digest: the sum of two 32-bit FNV-1a hashes of each file's
 * "path size mtime", so a directory listed in another order gives the same stamp and none is sorted. */
function createStamper() {
  let count = 0;
  let lo = 0;
  let hi = 0;
  return {
    add(path: string, size: number, mtime: number) {
      const line = `${path}\u0000${size}\u0000${mtime}`;
      let a = 0x811c9dc5;
      let b = 0x050c5d1f;
      for (let i = 0; i < line.length; i++) {
        const c = line.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x01000193 ^ 0x5bd1e995);
      }
      lo = (lo + (a >>> 0)) >>> 0;
      hi = (hi + (b >>> 0)) >>> 0;
      count++;
    },
    stamp: (): SourceStamp => ({
      count,
      digest: `${hi.toString(16).padStart(8, '0')}${lo.toString(16).padStart(8, '0')}`,
    }),
  };
}

/** The stamp of what statSources would list (the same files, sizes and rounded mtimes), computed while
 * walking: synchronous on purpose (100,000 stats through promises cost several times more), and one
 * lstat per entry tells directories from files without a Dirent for each. The media files it meets are
 * added to `media` when given (what statMedia lists), so a build need not walk the folders again. */
export function stampSources(contentDir: string, media?: SourceManifest): SourceStamp {
  const stamper = createStamper();
  const visit = (dir: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Gone, or not a directory: as statSources, which lists nothing there.
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw error;
    }
    for (const name of names) {
      // lstat, as readdir's file types: a symbolic link is neither a file nor a directory to the loader.
      const st = lstatSync(`${dir}/${name}`, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) visit(`${dir}/${name}`, `${rel}/${name}`);
      else if (st.isFile()) {
        const path = `${rel}/${name}`;
        const article = name.endsWith('.md');
        if (!article && !isMediaPath(path)) continue;
        stamper.add(path, st.size, Math.round(st.mtimeMs));
        if (!article && media) media[path] = [st.size, Math.round(st.mtimeMs)];
      }
    }
  };
  visit(join(contentDir, 'articles'), 'articles');
  const site = statSync(join(contentDir, 'site.yaml'), { throwIfNoEntry: false });
  if (site) stamper.add('site.yaml', site.size, Math.round(site.mtimeMs));
  return stamper.stamp();
}

/** The stamp of a manifest statSources made: equal to stampSources of the same directory state. */
export function stampManifest(manifest: SourceManifest): SourceStamp {
  const stamper = createStamper();
  for (const path in manifest) {
    const [size, mtime] = manifest[path] as [number, number];
    stamper.add(path, size, mtime);
  }
  return stamper.stamp();
}
