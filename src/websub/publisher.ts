// WebSub publisher pings: `hub.mode=publish&hub.url=<topic>` POSTed to the hub (the de facto publish
// API of WebSub 1.0 hubs, section 7 leaves it to the hub), retried with exponential backoff, never
// awaited by request handling.
import type { Logger } from '../context.ts';

export interface PublisherOptions {
  hub: string;
  fetch?: typeof fetch;
  log?: Logger;
  /** Attempts per topic before giving up (default 5: 1 s, 2 s, 4 s, 8 s between them). */
  attempts?: number;
  baseDelayMs?: number;
}

export interface PingResult {
  topic: string;
  ok: boolean;
  attempts: number;
  status?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function pingHub(topic: string, options: PublisherOptions): Promise<PingResult> {
  const doFetch = options.fetch ?? fetch;
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 1000;
  let status: number | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await doFetch(options.hub, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }).toString(),
        signal: AbortSignal.timeout(10_000),
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
    if (attempt < attempts) await sleep(base * 2 ** (attempt - 1));
  }
  options.log?.({ level: 'error', msg: 'websub ping gave up', topic, status });
  return { topic, ok: false, attempts, ...(status !== undefined ? { status } : {}) };
}

/** Ping every topic, a few at a time; resolves when all have succeeded or given up. */
export async function publishTopics(topics: string[], options: PublisherOptions): Promise<PingResult[]> {
  const results: PingResult[] = [];
  for (let i = 0; i < topics.length; i += 4) {
    results.push(...(await Promise.all(topics.slice(i, i + 4).map((t) => pingHub(t, options)))));
  }
  return results;
}
