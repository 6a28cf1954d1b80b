// Node only: a worker thread of build/compile-pool.ts. It compiles the article files it is sent with
// the store loader's own compileArticle, so its results are those of the single-threaded path, and
// encodes each article's chunk record as the main thread would (see compile-pool.ts ParallelCompiler.encoded).
import { parentPort } from 'node:worker_threads';
import { type ArticleJob, type CompileContext, compileArticle } from '../content/load.ts';
import { articleRecord } from '../storage/assets/files.ts';
import type { Records } from './compile-pool.ts';

export type ToWorker = { context: CompileContext; records: boolean } | { chunk: number; jobs: ArticleJob[] };

const port = parentPort;
if (!port) throw new Error('compile-worker.ts runs as a worker thread (see build/compile-pool.ts)');
let setting: { context: CompileContext; records: boolean } | undefined;
port.on('message', (message: ToWorker) => {
  if ('context' in message) {
    setting = message;
    return;
  }
  const { context, records } = setting as { context: CompileContext; records: boolean };
  const results = message.jobs.map((job) => compileArticle(job, context));
  const encoded: Records | undefined = records
    ? results.map(({ article }) => article && articleRecord(article))
    : undefined;
  // Transferred, not copied: each record has a buffer of its own.
  const buffers = encoded?.flatMap((record) => (record ? [record.buffer] : [])) ?? [];
  port.postMessage({ chunk: message.chunk, results, records: encoded }, buffers);
});
// Modules are loaded: chunks sent from now on are compiled at once.
port.postMessage('ready');
