// Node only: replace a file as a whole. Written next to it under a name of this process's own, then
// renamed over it (rename(2) is atomic within a file system), so a reader sees the old file or the new
// one, never half of one, and an open descriptor keeps reading the old one. Plain JavaScript: the
// bundler (bundle.mjs) runs before anything is bundled, and it uses this too.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where process `pid` writes `file` until it renames it over the file. */
export function partialFile(file, pid) {
  return `${file}.${pid}.tmp`;
}

/** Write `data` to `path` atomically, creating its folder first. */
export function writeAtomically(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = partialFile(path, process.pid);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
