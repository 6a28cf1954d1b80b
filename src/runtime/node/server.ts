// Node adapter: load the store from disk (compiled by a child process first when the sources changed),
// then serve the shared app over HTTP with deliberate limits and a graceful shutdown. Used by
// `herald start` (cli/commands/start.ts) and by the Node socket tests.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createApp } from '../../app/app.ts';
import { type Config, parseConfig } from '../../app/config.ts';
import type { Logger } from '../../app/context.ts';
import { loadServingStore } from '../../build/compile-child.ts';
import { COMPILED_PATH, compilerLoaded } from '../../build/compiled-store.ts';
import { type Clock, systemClock } from '../../core/clock.ts';
import type { Store } from '../../store/store.ts';
import { storeCounts } from '../../store/summary.ts';
import { compressNode } from './compress.ts';
import { answerFast } from './fast-path.ts';
import { startHubSync } from './hub-sync.ts';
import { nodeMediaSource } from './media-files.ts';
import { followRebuilds } from './rebuilt-store.ts';
import { watchStore } from './watch.ts';

export interface NodeServerOptions {
  contentDir: string;
  env: Record<string, string | undefined>;
  port: number;
  host: string;
  clock?: Clock;
  log?: Logger;
  /** Where the compiled store lives: a directory (default .herald/store). */
  compiledPath?: string;
  /** Recompile and swap the store when content changes (WATCH=1, `npm run dev:node`). */
  watch?: boolean;
  /** Where the WebSub snapshot lives (default .herald/websub.json). */
  websubState?: string;
  /** Aborting it stops a compile under way at start-up (build/compile-child.ts): the compile process is
   * killed, and startNodeServer rejects with the signal's reason once it is gone. */
  signal?: AbortSignal;
  /** A development server: without SITE_URL, links are built from the address it listens on. */
  dev?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The store being served now (it changes under WATCH=1). */
  store(): Store;
  /** The site URL links are built from when it is not the store's own (SITE_URL, or a dev server's). */
  siteUrl: string | undefined;
  /** Settles once the reload caused by the latest content change (WATCH=1), or the look at the latest
   * build over the compiled store, is done. */
  settled(): Promise<void>;
  close(graceMs?: number): Promise<void>;
}

export class StartupError extends Error {
  constructor(readonly problems: string[]) {
    super(`Herald cannot start:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const jsonLog: Logger = (entry) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);

/** What the server answers while it is not serving the app: starting (the store is being read or
 * compiled) or stopping. Liveness (/healthz) says the process is up; readiness (/readyz) says it is not
 * ready for traffic, so an orchestrator or a load balancer sends requests elsewhere meanwhile. */
function notServing(state: 'starting' | 'stopping'): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: object) => {
      const text = `${JSON.stringify(body)}\n`;
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
      });
      res.end(text);
    };
    if (path === '/healthz') return json(200, { status: state });
    if (path === '/readyz') return json(503, { ready: false, state });
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5', connection: 'close' });
    res.end(`Service ${state === 'starting' ? 'starting' : 'stopping'}; retry shortly.\n`);
  };
}

/** The address a development server's links are built from when SITE_URL is not set (as `hugo server`
 * does): the port it listens on, on localhost for an address that means "every interface". */
function localSiteUrl(host: string, port: number): string {
  const name =
    host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}/`;
}

export async function startNodeServer(options: NodeServerOptions): Promise<RunningServer> {
  const parsed = parseConfig(options.env);
  if (!parsed.ok) throw new StartupError(parsed.problems);
  let config: Config = parsed.config;
  const log = options.log ?? jsonLog;
  const clock = options.clock ?? systemClock;

  // Listening first: liveness and readiness answer while the store is read or compiled (a large store
  // takes seconds), and a development server learns its port before its links are built.
  let listener: RequestListener = notServing('starting');
  // From close(): not ready (/readyz 503) at once; then, after the drain window, each response closes
  // its connection.
  let stopping = false;
  let closing = false;
  const server = createServer(
    {
      // Slow clients (slowloris) must not hold sockets: headers within 10 s, a whole request within 30 s.
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      // Pollers reuse connections; keep idle ones a little longer than typical proxy/CDN pools (60 s).
      keepAliveTimeout: 65_000,
      maxHeaderSize: 16_384,
      // Node checks those timeouts only every connectionsCheckingInterval (30 s by default): check each
      // second so a slow client is cut off when the timeout says, not up to 30 s later.
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => listener(req, res),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    // EADDRINUSE, EACCES, EADDRNOTAVAIL: a problem to report like the others, not a stack trace.
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new StartupError([`[server] cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`]),
      ),
    );
    server.listen(options.port, options.host);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/`;
  log({ level: 'info', msg: 'accepting connections', url, ready: false });
  if (options.dev && !config.siteUrl) config = { ...config, siteUrl: localSiteUrl(options.host, address.port) };

  let loaded: Awaited<ReturnType<typeof loadServingStore>>;
  try {
    loaded = await loadServingStore(options.contentDir, config.siteUrl, {
      ...(options.compiledPath ? { path: options.compiledPath } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      log,
      now: clock().getTime(),
    });
    if (loaded.problems.length > 0 || !loaded.store) throw new StartupError(loaded.problems);
  } catch (error) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    throw error;
  }
  let store: Store = loaded.store;
  // What loading left behind as garbage (a compile in this process, the sources' stamp); collected now,
  // before serving, when `npm start` runs with --expose-gc.
  (globalThis as { gc?: () => void }).gc?.();
  const app = createApp({
    store: () => store,
    config,
    clock,
    compress: compressNode,
    log,
    // Media are streamed from the content directory, never through the render cache or the fast path.
    media: nodeMediaSource(options.contentDir),
  });
  // An HTTP/1.0 request may come without Host (RFC 9112 section 3.2 requires it of HTTP/1.1 only):
  // the request's URL then names localhost. Links never come from it (SITE_URL or site.yaml does).
  const honoListener = getRequestListener(app.fetch, { hostname: 'localhost' });
  const requestLog = config.logRequests ? log : undefined;
  // Repeat polls are answered from the render cache before Hono sees them (runtime/node/fast-path.ts); in
  // this one listener: a second 'request' listener on every poll showed in the fast path's profile.
  listener = (req, res) => {
    // Once close() has begun, a response still in flight is the last on its connection: keep-alive would
    // otherwise hold the socket, and the process, until the grace period ends.
    if (stopping) {
      if (closing) res.setHeader('connection', 'close');
      if ((req.url ?? '').split('?')[0] === '/readyz') return notServing('stopping')(req, res);
    }
    if (!answerFast(app.fastPath, req, res, requestLog, log)) void honoListener(req, res);
  };
  const dropIdle = () => server.closeIdleConnections();
  log({
    level: 'info',
    msg: 'listening',
    url,
    ...storeCounts(store, clock().getTime()),
    version: store.version,
    compiled: loaded.fromCache,
    // False when the store was reused or compiled by a child process: this process never loaded YAML,
    // Markdown or the sanitizer, and holds no source.
    compilerLoaded: compilerLoaded(),
    ...(options.dev ? { siteUrl: config.siteUrl } : {}),
  });
  const hubSync = app.herald.hub(store) ? startHubSync(app.herald, clock, options.websubState) : undefined;
  hubSync?.trigger();
  const swap = (next: Store) => {
    store = next;
    hubSync?.trigger();
  };
  const withSiteUrl = config.siteUrl ? { siteUrl: config.siteUrl } : {};
  const watcher = options.watch
    ? watchStore({ contentDir: options.contentDir, ...withSiteUrl, current: () => store, clock, swap, log })
    : undefined;
  // A store served from its directory follows a `herald build` over it (a temporary one has no builds).
  const rebuilds =
    !options.watch && loaded.saved
      ? followRebuilds({
          path: options.compiledPath ?? COMPILED_PATH,
          contentDir: options.contentDir,
          ...withSiteUrl,
          clock,
          swap,
          log,
        })
      : undefined;
  return {
    url: url.slice(0, -1),
    port: address.port,
    store: () => store,
    siteUrl: config.siteUrl,
    settled: async () => {
      await watcher?.settled();
      await rebuilds?.settled();
    },
    async close(graceMs = 10_000) {
      stopping = true;
      const hubStopped = hubSync?.stop();
      watcher?.close();
      rebuilds?.close();
      // A short drain window first: a connection the kernel completed before the signal is accepted and
      // its request bytes read, so it counts as busy, not idle, when close() drops idle connections
      // (otherwise a client that had already sent its request can be reset).
      await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
      await new Promise<void>((resolve) => {
        // Stop accepting, let requests in flight finish, drop idle keep-alive sockets now and the rest
        // after the grace period.
        const timer = setTimeout(() => {
          server.closeAllConnections();
        }, graceMs);
        timer.unref();
        closing = true;
        // A response in flight leaves its connection idle when it ends: sweep such connections.
        const sweep = setInterval(dropIdle, 50);
        sweep.unref();
        server.close(() => {
          clearTimeout(timer);
          clearInterval(sweep);
          resolve();
        });
        dropIdle();
      });
      // The WebSub snapshot is written before close() resolves, never after.
      await hubStopped;
    },
  };
}

/** How long close() keeps accepting before it stops: enough for the loop to take in what had arrived. */
const DRAIN_MS = 50;
