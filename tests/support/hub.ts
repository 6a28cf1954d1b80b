// A tiny local WebSub hub for tests: a node:http server on 127.0.0.1:0 that records every POSTed form
// body, answers 204, and can fail the first N requests (503 by default).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubRequest {
  method: string;
  contentType: string;
  body: string;
  /** The form body parsed: hub.mode, hub.url. */
  form: URLSearchParams;
  /** The status the hub answered with. */
  status: number;
}

export interface TestHub {
  url: string;
  requests: HubRequest[];
  /** hub.url of every request answered with a 2xx, sorted. */
  published(): string[];
  /** Resolves once at least `count` requests have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Forget the requests recorded so far. */
  reset(): void;
  close(): Promise<void>;
}

export interface HubOptions {
  /** Answer the first N requests with `failStatus` (default 0). */
  failFirst?: number;
  /** Status of the failed requests (default 503). */
  failStatus?: number;
}

export async function startHub(options: HubOptions = {}): Promise<TestHub> {
  const requests: HubRequest[] = [];
  let seen = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen++;
      const status = seen <= (options.failFirst ?? 0) ? (options.failStatus ?? 503) : 204;
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        contentType: req.headers['content-type'] ?? '',
        body,
        form: new URLSearchParams(body),
        status,
      });
      res.writeHead(status, { connection: 'close' });
      res.end();
      for (const w of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hub`,
    requests,
    published: () =>
      requests
        .filter((r) => r.status < 300)
        .map((r) => r.form.get('hub.url') ?? '')
        .sort(),
    waitFor(count, timeoutMs = 4000) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`hub got ${requests.length} of ${count} requests in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    reset() {
      requests.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A local port that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
