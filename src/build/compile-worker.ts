// Node only: a worker thread of build/compile-pool.ts. It compiles the article files it is sent with
// the store loader's own compileArticle, so its results are those of the single-threaded path.
import { parentPort } from 'node:worker_threads';
import { type ArticleJob, type CompileContext, compileArticle } from '../content/load.ts';

export type ToWorker = CompileContext | { chunk: number; jobs: ArticleJob[] };

const port = parentPort;
if (!port) throw new Error('compile-worker.ts runs as a worker thread (see build/compile-pool.ts)');
let context: CompileContext | undefined;
port.on('message', (message: ToWorker) => {
  if ('site' in message) {
    context = message;
    return;
  }
  const current = context as CompileContext;
  port.postMessage({ chunk: message.chunk, results: message.jobs.map((job) => compileArticle(job, current)) });
});
// Modules are loaded: chunks sent from now on are compiled at once.
port.postMessage('ready');
