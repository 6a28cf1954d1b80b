// Node only: recompile the store when a file under the content directory changes. A valid store is
// swapped in atomically (requests in flight keep the store they started with); an invalid one is
// refused with its full problem list, and the last good store keeps serving.
import { existsSync, type FSWatcher, statSync, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { Logger } from '../../app/context.ts';
import { createReloadCache, loadCompiledStore } from '../../build/compiled-store.ts';
import type { Clock } from '../../core/clock.ts';
import type { Store } from '../../store/store.ts';
import { storeCounts } from '../../store/summary.ts';
import { type Deferred, deferred } from './deferred.ts';

export interface StoreWatcher {
  /** Resolves when the reload triggered by the latest change has settled (for tests and shutdown). */
  settled(): Promise<void>;
  close(): void;
}

export function watchStore(options: {
  contentDir: string;
  siteUrl?: string;
  current: () => Store;
  clock: Clock;
  swap: (store: Store) => void;
  log: Logger;
  /** Quiet time after the last change before reloading (default 50 ms): editors write files in several
   * steps, and a reload then recompiles only what changed. */
  debounceMs?: number;
}): StoreWatcher {
  const { contentDir, log } = options;
  const debounceMs = options.debounceMs ?? 50;
  let watcher: FSWatcher | undefined;
  // The watched directory's inode: a watcher follows it, so once the directory is renamed away (or
  // replaced) it reports nothing more, even after a rename back (Node 20, Linux). Watch it anew then.
  let watchedIno: number | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let rewatched: Deferred | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A reload that is scheduled (debounce running) but not started yet, for settled().
  let due: Deferred | undefined;
  let reloading = Promise.resolve();
  let closed = false;
  // Texts and compiled articles of the last load: a change recompiles only the files it touched
  // (the edit-to-served target, docs/performance.md).
  const cache = createReloadCache();

  const reload = async () => {
    const started = performance.now();
    try {
      // No write: the compiled file belongs to `npm run build` (and the Worker bundle).
      const loaded = await loadCompiledStore(contentDir, options.siteUrl, { write: false, reload: cache });
      if (!loaded.store || loaded.problems.length > 0) {
        log({
          level: 'error',
          msg: 'content refused; still serving the last good store',
          version: options.current().version,
          problems: loaded.problems.join('\n'),
        });
        return;
      }
      if (loaded.store.version === options.current().version) return;
      options.swap(loaded.store);
      log({
        level: 'info',
        msg: 'content reloaded',
        version: loaded.store.version,
        ...storeCounts(loaded.store, options.clock().getTime()),
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      // A directory that vanished or a file that cannot be read: keep serving, try again on the next event.
      log({ level: 'error', msg: 'content reload failed; still serving the last good store', error: String(error) });
    } finally {
      const ino = await stat(contentDir).then(
        (s) => s.ino,
        () => undefined,
      );
      if (ino === undefined || ino !== watchedIno) {
        log({ level: 'warn', msg: 'content directory moved or replaced; watching it again when it is back' });
        watcher?.close();
        watcher = undefined;
        watchedIno = undefined;
        watchAgain();
      }
    }
  };

  // What the watcher names between reloads: a reload then re-stats only those files (the rest of the
  // manifest is reused). An event without a name (or a re-watch) means a full walk, and so does the empty
  // name: Node reports the watched directory itself so (renamed away or removed), and a walk of it is
  // what notices it is gone.
  const noteChange = (_event: string, filename: string | Buffer | null) => {
    if (filename === null || filename.length === 0) {
      schedule();
      return;
    }
    if (cache.manifest) {
      cache.changed ??= new Set();
      cache.changed.add(String(filename).split(sep).join('/'));
    }
    schedule(true);
  };

  const schedule = (named = false) => {
    if (closed) return;
    // A change without a name: forget the names collected so far, the next reload walks everything.
    if (!named) cache.manifest = undefined;
    if (timer) clearTimeout(timer);
    due ??= deferred();
    timer = setTimeout(() => {
      const started = due;
      due = undefined;
      reloading = reloading.then(reload);
      void reloading.then(() => started?.resolve());
    }, debounceMs);
  };

  const watchAgain = () => {
    if (closed || retry) return;
    rewatched ??= deferred();
    retry = setTimeout(() => start(true), 1000);
    retry.unref();
  };

  const start = (again = false) => {
    retry = undefined;
    if (closed) return;
    try {
      watchedIno = statSync(contentDir).ino;
      watcher = watch(contentDir, { recursive: true }, noteChange);
      watcher.on('error', (error) => {
        log({ level: 'warn', msg: 'content watcher stopped; retrying', error: String(error) });
        watcher?.close();
        watchAgain();
        schedule();
      });
      // Whatever changed while nothing was watching.
      if (again) schedule();
    } catch (error) {
      // The directory is missing right now (moved, being replaced): look again shortly.
      if (!again) log({ level: 'warn', msg: 'cannot watch content yet; retrying', error: String(error) });
      watchAgain();
    }
    if (!retry) {
      rewatched?.resolve();
      rewatched = undefined;
    }
  };
  start();
  // Fill the cache in the background (the running store may have come from the compiled index, which
  // holds no sources); it swaps nothing unless the content changed meanwhile.
  reloading = reloading.then(reload);

  return {
    async settled() {
      // File events arrive a moment after the write that caused them.
      await new Promise((resolve) => setTimeout(resolve, debounceMs + 20));
      // A directory that is back is watched again within a second, and reloaded.
      while (rewatched && existsSync(contentDir)) await rewatched.promise;
      // A slow timer (a busy machine) must not let settled() resolve before the reload has even begun.
      while (due) await due.promise;
      await reloading;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
      due?.resolve();
      rewatched?.resolve();
      watcher?.close();
    },
  };
}
