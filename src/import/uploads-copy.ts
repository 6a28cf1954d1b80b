// Node only: finding a file in a copy of wp-content/uploads and copying it beside an article. Reads stay
// inside the uploads folder and writes inside content/articles/: no symbolic link is followed on the way
// to a file to read, and writes go through openInside (write-article.ts).
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openInside } from './write-article.ts';

export type Located = { file: string; size: number; path: string } | { missing: string } | { refused: string };

export interface UploadsFolder {
  /**
   * The file at `path` ("2018/08/geneva-300x200.jpg", from createUploadsMatcher), or, when that one is
   * missing and its name is a size variant WordPress made ("-300x200"), the original it was made from.
   */
  locate(path: string): Located;
}

/** The uploads folder `dir` (a copy of wp-content/uploads). Throws when it is not a folder. */
export function openUploads(dir: string): UploadsFolder {
  const root = realpathSync(dir);
  if (!lstatSync(root).isDirectory()) throw new Error(`${dir}: not a folder`);
  const find = (path: string): Located => {
    const segments = path.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\0]/.test(s))) {
      return { refused: `"${path}" is not a plain path inside the uploads folder` };
    }
    let at = root;
    for (const [i, segment] of segments.entries()) {
      at = join(at, segment);
      const stat = lstatSync(at, { throwIfNoEntry: false });
      if (!stat) return { missing: `not in the uploads folder (${path})` };
      // A link could lead anywhere on the machine: never followed, whatever it points at.
      if (stat.isSymbolicLink()) {
        return { refused: `refused: ${join(dir, ...segments.slice(0, i + 1))} is a symbolic link (never followed)` };
      }
      const last = i === segments.length - 1;
      if (last ? !stat.isFile() : !stat.isDirectory()) return { missing: `not a file in the uploads folder (${path})` };
      if (last) return { file: at, size: stat.size, path };
    }
    return { missing: `not in the uploads folder (${path})` };
  };
  return {
    locate(path) {
      const exact = find(path);
      if (!('missing' in exact)) return exact;
      const variant = /^(.*)-\d+x\d+(\.[^./]+)$/.exec(path);
      if (!variant) return exact;
      const original = find(`${variant[1]}${variant[2]}`);
      return 'file' in original ? original : exact;
    },
  };
}

const CHUNK = 1 << 20;

/**
 * Copies `source` (a file `locate` found) to `path` under `articles`. Without `force` an existing file is
 * kept: 'same' when it already holds these bytes (a second import), 'exists' when it differs.
 */
export function copyUpload(
  source: string,
  articles: string,
  path: string,
  force: boolean,
): true | 'same' | 'exists' | { refused: string } {
  // O_NOFOLLOW: a link swapped in since `locate` looked is refused by the system, not read through.
  const input = openSync(source, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    if (!fstatSync(input).isFile()) return { refused: `${source} is not a regular file` };
    const opened = openInside(articles, path, force);
    if (opened === 'exists') return sameBytes(input, join(articles, path)) ? 'same' : 'exists';
    if ('refused' in opened) return opened;
    try {
      const buffer = Buffer.allocUnsafe(CHUNK);
      for (let n = readSync(input, buffer, 0, CHUNK, null); n > 0; n = readSync(input, buffer, 0, CHUNK, null)) {
        let written = 0;
        while (written < n) written += writeSync(opened.fd, buffer, written, n - written);
      }
    } finally {
      closeSync(opened.fd);
    }
    return true;
  } finally {
    closeSync(input);
  }
}

/** Whether the file at `existing` (not followed if a link) holds the bytes of the open file `input`. */
function sameBytes(input: number, existing: string): boolean {
  let other: number;
  try {
    other = openSync(existing, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return false;
  }
  try {
    if (fstatSync(other).size !== fstatSync(input).size) return false;
    const a = Buffer.allocUnsafe(CHUNK);
    const b = Buffer.allocUnsafe(CHUNK);
    let position = 0;
    for (;;) {
      const n = readSync(input, a, 0, CHUNK, position);
      const m = readSync(other, b, 0, CHUNK, position);
      if (n !== m) return false;
      if (n === 0) return true;
      if (!a.subarray(0, n).equals(b.subarray(0, m))) return false;
      position += n;
    }
  } finally {
    closeSync(other);
  }
}
