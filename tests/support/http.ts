// HTTP test support: requests through app.request(), reading feeds back (parsed, never string-matched),
// raw node:http requests against a real socket, and temporary content directories.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LogEntry } from '../../src/app/context.ts';
import type { Sources } from '../../src/content/load.ts';
import { type Clock, fixedClock } from '../../src/core/clock.ts';
import { type NodeServerOptions, type RunningServer, startNodeServer } from '../../src/runtime/node/server.ts';
import { NOW } from './fixtures.ts';
import { attrOf, childrenOf, parseXml, textOf, type XmlNode } from './xml.ts';

export type Format = 'rss' | 'atom' | 'json';
export const FORMATS: readonly Format[] = ['rss', 'atom', 'json'];
export const FILES: Record<Format, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };
export const TYPES: Record<Format, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

interface Requester {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export interface Answer {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
}

/** One request through the app; the whole body is read. */
export async function call(app: Requester, path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await app.request(path, init);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: new TextDecoder().decode(bytes) };
}

/** GET with the given request headers. */
export function get(app: Requester, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return call(app, path, { headers });
}

/** A clock the test moves: an injected dependency, read per request like the real one. */
export function movableClock(start: string | number): Clock & { set(at: string | number): void } {
  let at = new Date(start).getTime();
  const clock = () => new Date(at);
  return Object.assign(clock, {
    set(next: string | number) {
      at = new Date(next).getTime();
    },
  });
}

/** The strong ETag the service promises: the first 128 bits of SHA-256 of the bytes, base64url, quoted. */
export function expectedEtag(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest().subarray(0, 16).toString('base64url')}"`;
}

/** Cache-Control directives as a map ("public" -> true, "max-age" -> 300). */
export function directives(header: string | null): Map<string, number | true> {
  const out = new Map<string, number | true>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', value] = part.trim().split('=');
    if (name) out.set(name.toLowerCase(), value === undefined ? true : Number(value));
  }
  return out;
}

/** What the tests read from any format: the feed-level updated instant, items and links. */
export interface ReadFeed {
  /** RSS lastBuildDate, Atom feed updated; for JSON Feed (no feed-level date) the newest date_modified. */
  updated: number | undefined;
  ids: string[];
  titles: string[];
  /** Every URL the document points at (feed links, home, item links), for absolute-URL checks. */
  urls: string[];
  self: string | undefined;
  next: string | undefined;
  ttl: number | undefined;
}

const atomLinks = (node: XmlNode, tag: string) => childrenOf(node, tag);

export function readFeed(format: Format, text: string): ReadFeed {
  if (format === 'json') {
    const doc = JSON.parse(text) as {
      home_page_url?: string;
      feed_url?: string;
      next_url?: string;
      items: { id: string; url?: string; title?: string; date_modified?: string }[];
    };
    const dates = doc.items.map((i) => Date.parse(i.date_modified ?? ''));
    return {
      updated: dates.length ? Math.max(...dates) : undefined,
      ids: doc.items.map((i) => i.id),
      titles: doc.items.map((i) => i.title ?? ''),
      urls: [doc.home_page_url, doc.feed_url, doc.next_url, ...doc.items.map((i) => i.url)].filter(
        (u): u is string => typeof u === 'string',
      ),
      self: doc.feed_url,
      next: doc.next_url,
      ttl: undefined,
    };
  }
  const tree = parseXml(text);
  if (format === 'rss') {
    const channel = childrenOf(childrenOf(tree, 'rss')[0], 'channel')[0] as XmlNode;
    const items = childrenOf(channel, 'item');
    const links = atomLinks(channel, 'atom:link');
    const rel = (r: string) =>
      attrOf(
        links.find((l) => attrOf(l, 'rel') === r),
        'href',
      );
    const ttl = childrenOf(channel, 'ttl')[0];
    return {
      updated: Date.parse(textOf(childrenOf(channel, 'lastBuildDate')[0])),
      ids: items.map((i) => textOf(childrenOf(i, 'guid')[0])),
      titles: items.map((i) => textOf(childrenOf(i, 'title')[0])),
      urls: [
        textOf(childrenOf(channel, 'link')[0]),
        ...links.map((l) => attrOf(l, 'href') ?? ''),
        ...items.map((i) => textOf(childrenOf(i, 'link')[0])),
      ],
      self: rel('self'),
      next: rel('next'),
      ttl: ttl ? Number(textOf(ttl)) : undefined,
    };
  }
  const feed = childrenOf(tree, 'feed')[0] as XmlNode;
  const entries = childrenOf(feed, 'entry');
  const links = atomLinks(feed, 'link');
  const rel = (r: string) =>
    attrOf(
      links.find((l) => attrOf(l, 'rel') === r),
      'href',
    );
  return {
    updated: Date.parse(textOf(childrenOf(feed, 'updated')[0])),
    ids: entries.map((e) => textOf(childrenOf(e, 'id')[0])),
    titles: entries.map((e) => textOf(childrenOf(e, 'title')[0])),
    urls: [
      textOf(childrenOf(feed, 'id')[0]),
      ...links.map((l) => attrOf(l, 'href') ?? ''),
      ...entries.flatMap((e) => atomLinks(e, 'link').map((l) => attrOf(l, 'href') ?? '')),
    ],
    self: rel('self'),
    next: rel('next'),
    ttl: undefined,
  };
}

/** Path and query of an absolute feed URL, to request it from the app. */
export function pathOf(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** Writes `sources` below a new temporary directory; returns it and a cleanup function. */
export async function contentDir(src: Sources): Promise<{ dir: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'herald-test-'));
  const dir = join(root, 'content');
  for (const [path, text] of Object.entries(src)) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  return { dir, remove: () => rm(root, { recursive: true, force: true }) };
}

export interface RawAnswer {
  status: number;
  /** Header names lower-cased, as node:http gives them. */
  headers: http.IncomingHttpHeaders;
  /** The bytes exactly as received: no decompression. */
  body: Buffer;
}

/** One request over a fresh connection with node:http, which neither decompresses nor rewrites headers. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface TestServer {
  server: RunningServer;
  /** The temporary content directory the server reads. */
  dir: string;
  logs: LogEntry[];
  /** Close the server (with a short grace period) and remove the directory. */
  stop(): Promise<void>;
}

/** A real Node server on 127.0.0.1:0 over a temporary copy of `src`, with a frozen clock, collected
 * logs, and its compiled store and WebSub snapshot beside the content (never in the repository). */
export async function startTestServer(src: Sources, options: Partial<NodeServerOptions> = {}): Promise<TestServer> {
  const content = await contentDir(src);
  const logs: LogEntry[] = [];
  try {
    const server = await startNodeServer({
      contentDir: content.dir,
      compiledPath: join(content.dir, '..', 'compiled', 'store'),
      websubState: join(content.dir, '..', 'compiled', 'websub.json'),
      env: {},
      port: 0,
      host: '127.0.0.1',
      clock: fixedClock(NOW),
      log: (entry) => logs.push(entry),
      ...options,
    });
    return {
      server,
      dir: content.dir,
      logs,
      stop: async () => {
        await server.close(500);
        await content.remove();
      },
    };
  } catch (error) {
    await content.remove();
    throw error;
  }
}
