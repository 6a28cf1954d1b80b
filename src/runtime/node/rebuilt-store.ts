// Node only: serve the store a `herald build` writes over the one this server serves. The build swaps
// the compiled store's directory whole (build/asset-directory.ts); without this, the server would go on
// reading article pages from a directory that now holds another store, which it refuses (a 500 for
// every page not rendered yet) until a restart. It watches the directory's parent for that swap and
// opens the new store when it was compiled from this content directory with this site URL: a deploy
// that builds beside the running server, then restarts it (or not), never answers 500 in between.
import { type FSWatcher, statSync, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from '../../app/context.ts';
import { readCompiledStore } from '../../build/compiled-store.ts';
import type { Clock } from '../../core/clock.ts';
import { type AssetManifest, MANIFEST_PATH } from '../../storage/assets/format.ts';
import type { Store } from '../../store/store.ts';
import { type Deferred, deferred } from './deferred.ts';

export interface RebuildFollower {
  /** Resolves once the latest change seen (if any) has been looked at (for tests and shutdown). */
  settled(): Promise<void>;
  close(): void;
}

export function followRebuilds(options: {
  /** The compiled store's directory the server serves. */
  path: string;
  contentDir: string;
  siteUrl?: string;
  clock: Clock;
  swap: (store: Store) => void;
  log: Logger;
  /** Quiet time after the last change of the directory's name (default 50 ms): a build renames the old
   * directory away and the new one in. */
  debounceMs?: number;
}): RebuildFollower {
  const { path, log } = options;
  const manifestOf = (dir: string) => statSync(`${dir}${MANIFEST_PATH}`, { throwIfNoEntry: false })?.ino;
  // The manifest's inode identifies the store served: a build writes a new file in a new directory.
  let served = manifestOf(path);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let looking = Promise.resolve();
  // A look that is due (the quiet time running) but not started yet, for settled().
  let due: Deferred | undefined;
  const look = async () => {
    const now = manifestOf(path);
    if (now === undefined || now === served) return;
    const manifest = await readFile(`${path}${MANIFEST_PATH}`, 'utf8')
      .then((text) => JSON.parse(text) as AssetManifest)
      .catch(() => undefined);
    if (!manifest) return;
    // The one a restart would also open: this content directory, this site URL, a format this code reads.
    const store = await readCompiledStore(options.contentDir, options.siteUrl, {
      path,
      version: manifest.version,
      now: options.clock().getTime(),
    });
    served = now;
    if (!store) {
      log({
        level: 'warn',
        msg: `${path} was replaced by a store of other content or settings; restart the server to compile and serve its own`,
      });
      return;
    }
    options.swap(store);
    log({ level: 'info', msg: 'store replaced by a build: serving it', path, version: store.version });
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), (_event, name) => {
      if (name !== basename(path)) return;
      clearTimeout(timer);
      due ??= deferred();
      timer = setTimeout(() => {
        const started = due;
        due = undefined;
        looking = looking
          .then(look)
          .catch((error: unknown) => {
            log({ level: 'warn', msg: 'reading a rebuilt store failed', error: String(error) });
          })
          .finally(() => started?.resolve());
      }, options.debounceMs ?? 50);
    });
    // Only for as long as the server runs: the watcher keeps no process alive.
    watcher.unref();
  } catch (error) {
    log({
      level: 'warn',
      msg: `cannot watch ${dirname(path)} for rebuilds; restart after a build`,
      error: String(error),
    });
  }
  return {
    settled: async () => {
      await due?.promise;
      await looking;
    },
    close() {
      clearTimeout(timer);
      watcher?.close();
      due?.resolve();
      due = undefined;
    },
  };
}
