// Node only: a worker thread of build/compile-pool.ts. It compiles the article files it is sent with
// the store loader's own compileArticle, so its results are those of the single-threaded path.
import { parentPort } from 'node:worker_threads';
import { type ArticleJob, compileArticle } from '../content/load.ts';
import type { Site } from '../core/article.ts';

export type ToWorker = { site: Site; label: string } | { chunk: number; jobs: ArticleJob[] };

const port = parentPort;
if (!port) throw new Error('compile-worker.ts runs as a worker thread (see build/compile-pool.ts)');
let context: { site: Site; label: string } | undefined;
port.on('message', (message: ToWorker) => {
  if ('site' in message) {
    context = message;
    return;
  }
  const { site, label } = context as { site: Site; label: string };
  port.postMessage({ chunk: message.chunk, results: message.jobs.map((job) => compileArticle(job, site, label)) });
});
// Modules are loaded: chunks sent from now on are compiled at once.
port.postMessage('ready');
