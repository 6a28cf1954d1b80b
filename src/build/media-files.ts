// Node only: what the store knows of each media file beside the articles (core/article.ts MediaFile):
// its size and type for an enclosure, a strong ETag and Last-Modified for serving it. The ETag is a
// digest of the bytes, so the same file has the same tag on every machine and on both runtimes; a file
// whose size and mtime are unchanged keeps the tag of the last load instead of being read again.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { MediaFiles } from '../core/article.ts';
import { isServableMediaPath } from '../core/media-types.ts';
import type { SourceManifest } from './sources.ts';

const CHUNK = 1 << 20;

/** SHA-256 of a file, read a megabyte at a time (an episode is tens of megabytes: never whole in memory). */
function digestFile(file: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK);
  const fd = openSync(file, 'r');
  try {
    for (let n = readSync(fd, buffer, 0, CHUNK, null); n > 0; n = readSync(fd, buffer, 0, CHUNK, null)) {
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('base64url').slice(0, 22);
}

/** The media files among `stats` (paths relative to the content directory, as statSources lists them),
 * keyed by their path under articles/. `previous`: the last load's, reused for unchanged files. */
export function mediaFiles(contentDir: string, stats: SourceManifest, previous: MediaFiles = {}): MediaFiles {
  const media: MediaFiles = {};
  for (const path of Object.keys(stats).sort()) {
    if (!path.startsWith('articles/')) continue;
    const key = path.slice('articles/'.length);
    const contentType = isServableMediaPath(key);
    if (!contentType) continue;
    const [size, lastModified] = stats[path] as [number, number];
    const known = previous[key];
    media[key] =
      known && known.size === size && known.lastModified === lastModified && known.contentType === contentType
        ? known
        : { size, lastModified, contentType, etag: `"${digestFile(join(contentDir, path))}"` };
  }
  return media;
}
