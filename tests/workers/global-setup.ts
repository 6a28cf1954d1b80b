// Runs in Node before the workers project: compiles the store the Worker's static assets were built from
// (.herald/assets, written from tests/fixtures/stores/worker by `npm test`: tags, authors, a podcast
// show with its audio, old addresses), renders the compared feeds, media answers and redirects with the
// Node app and the wrangler.toml vars, and hands them to workerd.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createApp } from '../../src/app/app.ts';
import { parseConfig } from '../../src/app/config.ts';
import { loadCompiledStore } from '../../src/build/compiled-store.ts';
import { ASSETS_DIR } from '../../src/build/worker-assets.ts';
import type { Site } from '../../src/core/article.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { nodeMediaSource } from '../../src/runtime/node/media-files.ts';
import { type AssetManifest, MANIFEST_PATH } from '../../src/storage/assets/format.ts';
import type { MemoryStore } from '../../src/store/store.ts';

export interface NodeRender {
  path: string;
  status: number;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  sha256: string;
  bytes: number;
}

export interface NodeRenders {
  /** Both sides request https://herald.test/...: only the path varies. */
  origin: string;
  /** The instant both runtimes render at: the Worker's clock is frozen to it for the comparison. */
  now: number;
  /** The version /healthz reports on Node for the compiled store the renders came from. */
  version: string;
  /** The Workers vars (wrangler.toml) the Node app was configured with. */
  vars: Record<string, string>;
  renders: NodeRender[];
  site: Site;
  /** The newest article (scheduled or not), for the Cron test. */
  newest?: { published: number; tags: string[] };
}

/** One request for a media file and the Node app's answer to it (app/routes/media.ts over the content
 * directory), for the Worker to give the same. */
export interface MediaRender {
  path: string;
  method: 'GET' | 'HEAD';
  request: Record<string, string>;
  status: number;
  /** The headers both runtimes must agree on (lower-case names; null when absent). */
  headers: Record<string, string | null>;
  sha256: string;
  bytes: number;
}

/** The headers of a media answer compared across runtimes. */
export const MEDIA_HEADERS = [
  'content-type',
  'content-length',
  'content-range',
  'accept-ranges',
  'etag',
  'last-modified',
  'cache-control',
  'access-control-allow-origin',
  'x-content-type-options',
] as const;

/** An old address and Node's answer to it. */
export interface OldAddress {
  path: string;
  status: number;
  location: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    oldAddresses: OldAddress[];
    nodeRenders: NodeRenders;
    /** Every media file of the store, asked for whole, by HEAD, in ranges and conditionally, on Node. */
    mediaRenders: MediaRender[];
    /** A local WebSub hub (Node) the Worker's Cron handler pings; GET /received lists the pings. */
    hubUrl: string;
  }
}

/** A tiny WebSub hub on 127.0.0.1 recording every POSTed form body, readable back at GET /received. */
async function startHub(): Promise<{ url: string; close: () => Promise<void> }> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/received') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
      return;
    }
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

/** What a podcast app, a browser and a resuming download ask of a media file of `size` bytes. */
function mediaRequests(size: number, etag: string): Pick<MediaRender, 'method' | 'request'>[] {
  return [
    { method: 'GET', request: {} },
    { method: 'HEAD', request: {} },
    { method: 'GET', request: { range: 'bytes=0-1' } },
    { method: 'GET', request: { range: 'bytes=0-' } },
    { method: 'GET', request: { range: `bytes=${Math.floor(size / 3)}-${Math.floor((2 * size) / 3)}` } },
    { method: 'GET', request: { range: 'bytes=-100' } },
    { method: 'GET', request: { range: `bytes=${size}-` } },
    { method: 'GET', request: { range: 'bytes=0-1, 5-6' } },
    { method: 'HEAD', request: { range: 'bytes=0-1' } },
    { method: 'GET', request: { 'if-none-match': etag } },
    { method: 'GET', request: { range: `bytes=${size - 10}-`, 'if-range': etag } },
    { method: 'GET', request: { range: `bytes=${size - 10}-`, 'if-range': '"an-older-file"' } },
  ];
}

/** The main feeds, and the same for the first tag and the first author the store has, if any. */
function comparedPaths(store: MemoryStore): string[] {
  const bases = ['/'];
  const [tag] = store.tags.keys();
  const [author] = store.authors.keys();
  if (tag !== undefined) bases.push(`/tags/${tag}/`);
  if (author !== undefined) bases.push(`/authors/${author}/`);
  for (const show of store.shows.keys()) bases.push(`/podcasts/${show}/`);
  return bases.flatMap((base) => ['rss.xml', 'atom.xml', 'feed.json'].map((file) => `${base}${file}`));
}

/** Old addresses, and what Node answers to each (a 301's Location, a 410). */
const OLD_ADDRESSES = [
  '/2024/05/01/harbour-reopens/',
  '/?p=1001',
  '/feed/',
  '/category/world/feed/',
  '/old-podcast/feed/',
];

/** The store the Worker is tested on: `npm test` builds it into .herald/assets before vitest starts
 * (the Workers pool reads the assets when it starts, before this setup runs). */
export const WORKER_STORE = 'tests/fixtures/stores/worker';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = project.config.root;
  // Wrangler reads its own config; required natively, because the workers project inlines every
  // dependency through Vite (the plugin sets server.deps.inline) and transforming wrangler takes ~30 s.
  const { unstable_readConfig } = createRequire(import.meta.url)('wrangler') as typeof import('wrangler');
  const wrangler = unstable_readConfig({ config: resolve(root, 'wrangler.toml') });
  const vars = Object.fromEntries(
    Object.entries(wrangler.vars ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const parsed = parseConfig(vars);
  if (!parsed.ok) throw new Error(`[workers tests] wrangler.toml vars:\n${parsed.problems.join('\n')}`);
  const manifestPath = join(root, ASSETS_DIR, MANIFEST_PATH);
  const text = await readFile(manifestPath, 'utf8').catch(() => {
    throw new Error(`[workers tests] ${manifestPath} is missing: run \`npm test\`, which builds it first.`);
  });
  const manifest = JSON.parse(text) as AssetManifest;
  const contentDir = resolve(root, process.env.CONTENT_DIR || WORKER_STORE);
  const loaded = await loadCompiledStore(contentDir, manifest.siteUrl ?? undefined, { write: false });
  const store = loaded.compiled;
  if (!store || store.version !== manifest.version) {
    throw new Error(
      `[workers tests] ${contentDir} (version ${store?.version}) is not what ${ASSETS_DIR} was built from ` +
        `(version ${manifest.version}): run \`npm test\` (it builds ${WORKER_STORE}), or build that CONTENT_DIR.`,
    );
  }
  // One instant from the system clock for every Node render; the Worker side freezes its clock to it,
  // so a scheduled article cannot go live between the two renders.
  const now = Date.now();
  const app = createApp({ store, config: parsed.config, clock: fixedClock(now) });
  const origin = 'https://herald.test';
  const renders: NodeRender[] = [];
  for (const path of comparedPaths(store)) {
    const response = await app.request(`${origin}${path}`);
    const body = new Uint8Array(await response.arrayBuffer());
    renders.push({
      path,
      status: response.status,
      contentType: response.headers.get('content-type'),
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
      sha256: createHash('sha256').update(body).digest('hex'),
      bytes: body.byteLength,
    });
  }
  const mediaApp = createApp({
    store,
    config: parsed.config,
    clock: fixedClock(now),
    media: nodeMediaSource(contentDir),
  });
  const mediaRenders: MediaRender[] = [];
  for (const [file, { size, etag }] of Object.entries(store.mediaFiles ?? {})) {
    const path = `/articles/${file.split('/').map(encodeURIComponent).join('/')}`;
    for (const { method, request } of mediaRequests(size, etag)) {
      const response = await mediaApp.request(`${origin}${path}`, { method, headers: request });
      const body = new Uint8Array(await response.arrayBuffer());
      mediaRenders.push({
        path,
        method,
        request,
        status: response.status,
        headers: Object.fromEntries(MEDIA_HEADERS.map((name) => [name, response.headers.get(name)])),
        sha256: createHash('sha256').update(body).digest('hex'),
        bytes: body.byteLength,
      });
    }
  }
  project.provide('mediaRenders', mediaRenders);
  const oldAddresses: OldAddress[] = [];
  for (const path of OLD_ADDRESSES) {
    const response = await app.request(`${origin}${path}`);
    oldAddresses.push({ path, status: response.status, location: response.headers.get('location') });
  }
  project.provide('oldAddresses', oldAddresses);
  const [newest] = store.articles;
  const health = (await (await app.request(`${origin}/healthz`)).json()) as { version: string };
  project.provide('nodeRenders', {
    origin,
    now,
    version: health.version,
    vars,
    renders,
    site: store.site,
    ...(newest ? { newest: { published: newest.published, tags: newest.tags } } : {}),
  });
  const hub = await startHub();
  project.provide('hubUrl', hub.url);
  return hub.close;
}
