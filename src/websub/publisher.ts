// WebSub publisher pings: `hub.mode=publish&hub.url=<topic>` POSTed to the hub (the de facto publish
// API of WebSub 1.0 hubs, section 7 leaves it to the hub), retried with exponential backoff, never
// awaited by request handling.
import type { Logger } from '../app/context.ts';

export interface PublisherOptions {
  hub: string;
  fetch?: typeof fetch;
  log?: Logger;
  /** Attempts per topic before giving up (default 5: 1 s, 2 s, 4 s, 8 s between them). */
  attempts?: number;
  baseDelayMs?: number;
  /** Aborting stops the retries and the request in flight (the Node server's shutdown). */
  signal?: AbortSignal;
}

export interface PingResult {
  topic: string;
  ok: boolean;
  attempts: number;
  status?: number;
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The request's signal: a 10 s timeout, and the caller's signal when there is one. */
function requestSignal(outer?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(10_000);
  if (!outer) return timeout;
  const controller = new AbortController();
  const abort = () => controller.abort();
  timeout.addEventListener('abort', abort, { once: true });
  if (outer.aborted) abort();
  else outer.addEventListener('abort', abort, { once: true });
  return controller.signal;
}

export async function pingHub(topic: string, options: PublisherOptions): Promise<PingResult> {
  const doFetch = options.fetch ?? fetch;
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 1000;
  let status: number | undefined;
  let made = 0;
  for (let attempt = 1; attempt <= attempts && !options.signal?.aborted; attempt++) {
    made = attempt;
    try {
      const response = await doFetch(options.hub, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }).toString(),
        signal: requestSignal(options.signal),
      });
      status = response.status;
      await response.body?.cancel();
      if (response.ok) {
        options.log?.({ level: 'info', msg: 'websub ping', topic, status, attempt });
        return { topic, ok: true, attempts: attempt, status };
      }
      // A 4xx other than 429 will not get better by retrying.
      if (status >= 400 && status < 500 && status !== 429) break;
    } catch (error) {
      options.log?.({ level: 'warn', msg: 'websub ping failed', topic, attempt, error: String(error) });
    }
    if (attempt < attempts) await sleep(base * 2 ** (attempt - 1), options.signal);
  }
  options.log?.({ level: 'error', msg: 'websub ping gave up', topic, status, attempts: made });
  return { topic, ok: false, attempts: made, ...(status !== undefined ? { status } : {}) };
}

/** Ping every topic, a few at a time; resolves when all have succeeded or given up. */
export async function publishTopics(topics: string[], options: PublisherOptions): Promise<PingResult[]> {
  const results: PingResult[] = [];
  for (let i = 0; i < topics.length; i += 4) {
    results.push(...(await Promise.all(topics.slice(i, i + 4).map((t) => pingHub(t, options)))));
  }
  return results;
}
