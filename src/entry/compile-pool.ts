// Node only: compile a store's article files on every core. This thread compiles too, and worker
// threads (entry/compile-worker.ts) take small chunks as they become free, so a slow start or a busy
// core costs nothing but its share. Results come back in job order and are made by the same
// compileArticle, so the store's bytes, version and problems equal the single-threaded path's.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ArticleCompiler, ArticleJob, CompiledArticle, DigestMemo, Sources } from '../store/load.ts';
import { compileArticle } from '../store/load.ts';
import type { ToWorker } from './compile-worker.ts';

/** Jobs per message: small enough that the last chunks finish together, large enough to amortise a message. */
const CHUNK = 32;
/** Below this many files a worker's start-up (loading YAML, Markdown and the sanitizer, ~0.3 s of CPU) outweighs its help. */
const MIN_JOBS = 400;

/** The worker is TypeScript, and on Node 20 a worker's entry does not go through the loader hooks
 * that `tsx` registered with --import: a small module registers tsx's loader, then imports the worker. */
function startWorker(): Worker {
  const worker = new URL('./compile-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(worker)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { execArgv: [] });
}

interface Helper {
  worker: Worker;
  /** Chunks sent and not answered yet. */
  pending: Set<number>;
  ready: boolean;
  /** Failed or exited: it gets no more chunks. */
  gone: boolean;
}

export interface ParallelOptions {
  /** Worker threads besides this one (default: one per core but this one's). */
  workers?: number;
  /** Fewer jobs than this are compiled on this thread alone. */
  minJobs?: number;
  /** Jobs per message. */
  chunk?: number;
  /** For tests: only the workers compile, and a worker that fails fails the compile. */
  onlyWorkers?: boolean;
}

export function createParallelCompiler(options: ParallelOptions = {}): ArticleCompiler {
  return async (jobs, site, label) => {
    const workers = options.workers ?? availableParallelism() - 1;
    if (workers < 1 || jobs.length < (options.minJobs ?? MIN_JOBS)) {
      return jobs.map((job) => compileArticle(job, site, label));
    }
    const chunks: ArticleJob[][] = [];
    const size = options.chunk ?? CHUNK;
    for (let i = 0; i < jobs.length; i += size) chunks.push(jobs.slice(i, i + size));
    const results: CompiledArticle[][] = new Array(chunks.length);
    const queue = chunks.map((_, i) => i);
    let done = 0;
    // Wakes this thread when it has nothing left to compile and waits for the helpers.
    let wake: () => void = () => {};
    let failure: Error | undefined;

    const feed = (helper: Helper) => {
      // Two chunks in flight: the worker never waits for this thread to answer.
      while (helper.ready && !helper.gone && helper.pending.size < 2 && queue.length > 0) {
        const chunk = queue.shift() as number;
        helper.pending.add(chunk);
        helper.worker.postMessage({ chunk, jobs: chunks[chunk] as ArticleJob[] } satisfies ToWorker);
      }
    };
    const retire = (helper: Helper) => {
      // A worker that failed or exited: its chunks go back to the queue, and this thread does them.
      helper.ready = false;
      helper.gone = true;
      queue.unshift(...helper.pending);
      helper.pending.clear();
      for (const other of helpers) feed(other);
      wake();
    };
    const helpers: Helper[] = Array.from({ length: workers }, () => {
      const worker = startWorker();
      const helper: Helper = { worker, pending: new Set(), ready: false, gone: false };
      worker.postMessage({ site, label } satisfies ToWorker);
      worker.on('message', (message: 'ready' | { chunk: number; results: CompiledArticle[] }) => {
        if (message === 'ready') helper.ready = true;
        else {
          helper.pending.delete(message.chunk);
          results[message.chunk] = message.results;
          done += 1;
        }
        feed(helper);
        wake();
      });
      worker.on('error', (error) => {
        failure ??= error;
        retire(helper);
      });
      worker.on('exit', () => retire(helper));
      return helper;
    });
    try {
      while (done < chunks.length) {
        if (options.onlyWorkers && failure) throw failure;
        const chunk = !options.onlyWorkers || helpers.every((h) => h.gone) ? queue.shift() : undefined;
        if (chunk !== undefined) {
          results[chunk] = (chunks[chunk] as ArticleJob[]).map((job) => compileArticle(job, site, label));
          done += 1;
          // Let the helpers' answers in (and send them more) between two chunks.
          await new Promise<void>((resolve) => setImmediate(resolve));
        } else {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      }
    } finally {
      for (const helper of helpers) {
        helper.worker.removeAllListeners('exit');
        void helper.worker.terminate();
      }
    }
    return results.flat();
  };
}

/** Every source's SHA-256, as storeVersion computes it, for its digest memo: node:crypto hashes 10,000
 * files in ~0.1 s, where Web Crypto's one promise per file costs ~0.6 s of this thread's time. */
export function digestSources(sources: Sources): DigestMemo {
  const digests: DigestMemo = new Map();
  for (const [path, text] of Object.entries(sources)) {
    digests.set(path, { text, digest: createHash('sha256').update(text).digest('hex') });
  }
  return digests;
}
