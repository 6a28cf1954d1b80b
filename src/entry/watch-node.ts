// Node only: recompile the store when a file under the content directory changes. A valid store is
// swapped in atomically (requests in flight keep the store they started with); an invalid one is
// refused with its full problem list, and the last good store keeps serving.
import { type FSWatcher, watch } from 'node:fs';
import type { Logger } from '../context.ts';
import type { Store } from '../store/store.ts';
import { loadCompiledStore } from './compiled-store.ts';

export interface StoreWatcher {
  /** Resolves when the reload triggered by the latest change has settled (for tests and shutdown). */
  settled(): Promise<void>;
  close(): void;
}

export function watchStore(options: {
  contentDir: string;
  siteUrl?: string;
  current: () => Store;
  swap: (store: Store) => void;
  log: Logger;
  /** Quiet time after the last change before reloading: editors write files in several steps. */
  debounceMs?: number;
}): StoreWatcher {
  const { contentDir, log } = options;
  let watcher: FSWatcher | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reloading = Promise.resolve();
  let closed = false;

  const reload = async () => {
    const started = performance.now();
    try {
      // No write: the compiled file belongs to `npm run build` (and the Worker bundle).
      const loaded = await loadCompiledStore(contentDir, options.siteUrl, { write: false });
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
        articles: loaded.store.articles.length,
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      // A directory that vanished or a file that cannot be read: keep serving, try again on the next event.
      log({ level: 'error', msg: 'content reload failed; still serving the last good store', error: String(error) });
    }
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      reloading = reloading.then(reload);
    }, options.debounceMs ?? 100);
  };

  const start = () => {
    if (closed) return;
    try {
      watcher = watch(contentDir, { recursive: true }, schedule);
      watcher.on('error', (error) => {
        log({ level: 'warn', msg: 'content watcher stopped; retrying', error: String(error) });
        watcher?.close();
        setTimeout(start, 1000).unref();
        schedule();
      });
    } catch (error) {
      // The directory is missing right now (moved, being replaced): look again shortly.
      log({ level: 'warn', msg: 'cannot watch content yet; retrying', error: String(error) });
      setTimeout(start, 1000).unref();
    }
  };
  start();

  return {
    async settled() {
      await new Promise((resolve) => setTimeout(resolve, (options.debounceMs ?? 100) + 20));
      await reloading;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
