// Node only: the media files beside the articles, read from the content directory (app/media-source.ts).
// Each answer streams the bytes it names from an open file descriptor: an episode is tens of megabytes,
// never read whole, and a client that goes away closes the file.
import { close, constants, createReadStream, fstat, open } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createStreamBody } from '@hono/node-server/utils/stream';
import type { MediaSource } from '../../app/media-source.ts';
import type { MediaFile } from '../../http/media.ts';

// A path that is not (or no longer) a file, or is a symbolic link: 404. Anything else (a file the server
// may not read) is the operator's to fix: 500, logged.
const GONE = new Set(['ENOENT', 'ENOTDIR', 'ELOOP']);
// O_NOFOLLOW: a symbolic link in place of the file is refused by open() itself (absent on Windows).
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

const isGone = (error: unknown) => GONE.has((error as NodeJS.ErrnoException).code ?? '');
// Plain descriptors, not FileHandles: one left open by mistake stays open (and shows in the tests), where
// a FileHandle would be closed by the garbage collector some time later, with a warning.
const openFile = promisify(open);
const statFile = promisify(fstat);
const closeFile = (fd: number) => close(fd, () => {});

/**
 * The file's state when it differs from the index (replaced since the store was compiled): its own size
 * and modification time, under an entity-tag made of both. It changes whenever either does, which is what
 * the index's reuse of a digest relies on too (build/media-files.ts), so If-Range never splices the bytes
 * of two versions; the next compile gives the file its digest again.
 */
function changed(indexed: MediaFile, size: number, lastModified: number): MediaFile {
  return { ...indexed, size, lastModified, etag: `"${lastModified.toString(16)}-${size.toString(16)}"` };
}

/**
 * A MediaSource over `contentDir`/articles. Defence in depth beside the index, which lists only regular
 * files found without following a link (build/sources.ts): the path must resolve to itself inside the
 * articles folder (no symbolic link anywhere on the way, none out of it), the last step is opened without
 * following a link, and what is opened must be a regular file. The size and time the answer states come
 * from fstat of that same descriptor, so no extra stat is made and none can race with the read.
 */
export function nodeMediaSource(contentDir: string): MediaSource {
  const articles = join(contentDir, 'articles');
  let root: Promise<string> | undefined;
  const realRoot = () => {
    root ??= realpath(articles).catch((error: unknown) => {
      root = undefined; // created later: tried again by the next request
      throw error;
    });
    return root;
  };
  return {
    async open(path, indexed) {
      const segments = path.split('/');
      let fd: number;
      try {
        const [real, top] = await Promise.all([realpath(join(articles, ...segments)), realRoot()]);
        if (real !== join(top, ...segments)) return undefined;
        fd = await openFile(real, FLAGS);
      } catch (error) {
        if (isGone(error)) return undefined;
        throw error;
      }
      let stats: Awaited<ReturnType<typeof statFile>>;
      try {
        stats = await statFile(fd);
      } catch (error) {
        closeFile(fd);
        throw error;
      }
      if (!stats.isFile()) {
        closeFile(fd);
        return undefined;
      }
      // Rounded as build/media-files.ts rounds it.
      const mtime = Math.round(stats.mtimeMs);
      const file =
        stats.size === indexed.size && mtime === indexed.lastModified ? indexed : changed(indexed, stats.size, mtime);
      return {
        file,
        // The stream closes the descriptor when it ends, fails or is cancelled (autoClose). createStreamBody
        // is @hono/node-server's: on the Node versions whose Readable.toWeb ignores backpressure and would
        // read the whole file into memory for a slow client, it pauses the file stream itself.
        read: ({ start, end }) => createStreamBody(createReadStream('', { fd, start, end })),
        close: () => closeFile(fd),
      };
    },
  };
}
