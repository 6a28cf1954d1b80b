// Node only: compile a store's article files on every core. This thread compiles too, and worker
// threads (build/compile-worker.ts) take small chunks as they become free, so a slow start or a busy
// core costs nothing but its share. Results come back in job order and are made by the same
// compileArticle, so the store's bytes, version and problems equal the single-threaded path's.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type {
  ArticleCompiler,
  ArticleJob,
  CompileContext,
  CompiledArticle,
  DigestMemo,
  Sources,
} from '../content/load.ts';
import { compileArticle } from '../content/load.ts';
import type { Article } from '../core/article.ts';
import { articleRecord, type EncodedRecords } from '../storage/assets/files.ts';
import type { ToWorker } from './compile-worker.ts';
import { type Progress, silent } from './progress.ts';

/** Jobs per message: small enough that the last chunks finish together, large enough to amortise a message. */
const CHUNK = 32;
/** Below this many files a worker's start-up (~0.5 s of CPU under tsx: YAML, Markdown, the sanitizer) outweighs
 * its help: this thread compiles 1,000 news articles in about that time. From the bundle a worker is
 * ready in ~0.1 s, but warms up its own JIT: 400 was slower than 2,000 at 1,000 files on a busy 2-core machine. */
const MIN_JOBS = 2000;
/** Workers started for a compile that never comes (site.yaml was invalid) are stopped after this long. */
const IDLE_MS = 30_000;

/** In the bundles of build/bundle.mjs, the bundled build/compile-worker.ts beside this code (as a
 * URL relative to it); absent when running the sources. */
declare const __HERALD_COMPILE_WORKER__: string | undefined;

function startWorker(): Worker {
  if (typeof __HERALD_COMPILE_WORKER__ === 'string') {
    return new Worker(new URL(__HERALD_COMPILE_WORKER__, import.meta.url), { execArgv: [] });
  }
  // The sources are TypeScript, and on Node 20 a worker's entry does not go through the loader hooks
  // that `tsx` registered with --import: a small module registers tsx's loader, then imports the worker.
  const worker = new URL('./compile-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(worker)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { execArgv: [] });
}

/** Each compiled article's chunk record (storage/assets/files.ts articleRecord), made on the thread
 * that compiled it (see ParallelCompiler.encoded). */
export type Records = (Uint8Array<ArrayBuffer> | null | undefined)[];

type FromWorker = 'ready' | { chunk: number; results: CompiledArticle[]; records?: Records };

interface Helper {
  worker: Worker;
  /** Chunks sent and not answered yet. */
  pending: Set<number>;
  ready: boolean;
  /** Failed or exited: it gets no more chunks. */
  gone: boolean;
}

/** One compile: the chunks, what is done, and how this thread is woken. */
interface Session {
  chunks: ArticleJob[][];
  results: CompiledArticle[][];
  records: Records[];
  queue: number[];
  done: number;
  /** Threads that compiled a chunk: this one as 'here', workers as their Helper. */
  compilers: Set<Helper | 'here'>;
  failure?: Error;
  wake: () => void;
}

export interface ParallelOptions {
  /** Worker threads besides this one (default: one per core but this one's). */
  workers?: number;
  /** Fewer jobs than this are compiled on this thread alone. */
  minJobs?: number;
  /** How many files the caller expects to compile: when enough, the workers start now, so their
   * start-up overlaps reading the files. */
  expectedJobs?: number;
  /** Jobs per message. */
  chunk?: number;
  /** For tests: only the workers compile, and a worker that fails fails the compile. */
  onlyWorkers?: boolean;
  /** Where a compile of many files reports how far it is (the command line's progress). */
  progress?: Progress;
  /** Make each article's chunk record where it is compiled (see ParallelCompiler.encoded): for a
   * compile whose store is written, not for watch mode's, which stays in memory. */
  records?: boolean;
}

/** An ArticleCompiler that tells how many threads its last compile ran on. */
export interface ParallelCompiler extends ArticleCompiler {
  /** Threads that compiled at least one file in the last compile, this one included (0 before any). */
  readonly threads: number;
  /** The chunk record of an article of the last compile, when it was compiled on several threads (those
   * encode them as they go) and `records` was asked for; undefined for any other article. */
  readonly encoded: EncodedRecords;
}

export function createParallelCompiler(options: ParallelOptions = {}): ParallelCompiler {
  const count = options.workers ?? availableParallelism() - 1;
  const minJobs = options.minJobs ?? MIN_JOBS;
  let session: Session | undefined;
  let helpers: Helper[] = [];

  const feed = (helper: Helper) => {
    // Two chunks in flight: the worker never waits for this thread to answer.
    while (session && helper.ready && !helper.gone && helper.pending.size < 2 && session.queue.length > 0) {
      const chunk = session.queue.shift() as number;
      helper.pending.add(chunk);
      helper.worker.postMessage({ chunk, jobs: session.chunks[chunk] as ArticleJob[] } satisfies ToWorker);
    }
  };
  const retire = (helper: Helper, error?: Error) => {
    // A worker that failed or exited: its chunks go back to the queue, and another thread does them.
    helper.gone = true;
    if (!session) return;
    session.failure ??= error;
    session.queue.unshift(...helper.pending);
    helper.pending.clear();
    for (const other of helpers) feed(other);
    session.wake();
  };
  const spawn = () => {
    helpers = Array.from({ length: count }, () => {
      const helper: Helper = { worker: startWorker(), pending: new Set(), ready: false, gone: false };
      // Until a compile needs it, a worker does not keep the process alive.
      helper.worker.unref();
      helper.worker.on('message', (message: FromWorker) => {
        if (message === 'ready') helper.ready = true;
        else if (session) {
          helper.pending.delete(message.chunk);
          session.results[message.chunk] = message.results;
          if (message.records) session.records[message.chunk] = message.records;
          session.done += 1;
          session.compilers.add(helper);
        }
        feed(helper);
        session?.wake();
      });
      helper.worker.on('error', (error) => retire(helper, error));
      helper.worker.on('exit', () => retire(helper));
      return helper;
    });
    setTimeout(() => {
      if (!session) stop();
    }, IDLE_MS).unref();
  };
  const stop = () => {
    for (const helper of helpers) {
      helper.worker.removeAllListeners('exit');
      void helper.worker.terminate();
    }
    helpers = [];
  };
  if (count >= 1 && (options.expectedJobs ?? 0) >= minJobs) spawn();

  const compileHere = (jobs: ArticleJob[], context: CompileContext) => jobs.map((job) => compileArticle(job, context));

  let threads = 0;
  // By article source (the file's path), of the last compile only.
  let encoded = new Map<string, Uint8Array>();
  const compile = async (jobs: ArticleJob[], context: CompileContext) => {
    encoded = new Map();
    const stage = (options.progress ?? silent).stage('compiling', jobs.length, 'articles');
    if (count < 1 || jobs.length < minJobs) {
      stop();
      threads = 1;
      const results: CompiledArticle[] = [];
      for (let i = 0; i < jobs.length; i += CHUNK) {
        results.push(...compileHere(jobs.slice(i, i + CHUNK), context));
        stage.tick(results.length);
      }
      stage.finish();
      return results;
    }
    if (helpers.length === 0) spawn();
    const size = options.chunk ?? CHUNK;
    const chunks: ArticleJob[][] = [];
    for (let i = 0; i < jobs.length; i += size) chunks.push(jobs.slice(i, i + size));
    const current: Session = {
      chunks,
      results: [],
      records: [],
      queue: chunks.map((_, i) => i),
      done: 0,
      compilers: new Set(),
      wake: () => {},
    };
    session = current;
    for (const helper of helpers) {
      helper.worker.ref();
      helper.worker.postMessage({ context, records: options.records === true } satisfies ToWorker);
      feed(helper);
    }
    const tick = () => stage.tick(Math.min(jobs.length, current.done * size));
    current.wake = tick;
    try {
      while (current.done < chunks.length) {
        if (options.onlyWorkers && current.failure) throw current.failure;
        const mine = !options.onlyWorkers || helpers.every((h) => h.gone);
        const chunk = mine ? current.queue.shift() : undefined;
        if (chunk !== undefined) {
          const results = compileHere(chunks[chunk] as ArticleJob[], context);
          current.results[chunk] = results;
          if (options.records) current.records[chunk] = results.map(({ article }) => article && articleRecord(article));
          current.done += 1;
          current.compilers.add('here');
          tick();
          // Let the workers' answers in (and send them more) between two chunks.
          await new Promise<void>((resolve) => setImmediate(resolve));
        } else {
          await new Promise<void>((resolve) => {
            current.wake = () => {
              tick();
              resolve();
            };
          });
        }
      }
    } finally {
      stop();
      session = undefined;
      threads = current.compilers.size;
    }
    stage.finish(`on ${threads} thread${threads === 1 ? '' : 's'}`);
    current.results.forEach((results, chunk) => {
      results.forEach(({ article }, i) => {
        const record = current.records[chunk]?.[i];
        if (article && record) encoded.set(article.source, record);
      });
    });
    return current.results.flat();
  };
  return Object.defineProperties(compile, {
    threads: { get: () => threads },
    encoded: { value: (article: Article) => encoded.get(article.source) },
  }) as ParallelCompiler;
}

/** Every source's digest, as sourceDigest (content/load.ts) computes it, for storeVersion's memo:
 * node:crypto hashes 10,000 files in ~0.1 s, where Web Crypto's one promise per file costs ~0.6 s of
 * this thread's time. */
export function digestSources(sources: Sources): DigestMemo {
  const digests: DigestMemo = new Map();
  for (const [path, text] of Object.entries(sources)) {
    digests.set(path, { text, digest: createHash('sha256').update(`${path}\u0000${text}`).digest() });
  }
  return digests;
}
