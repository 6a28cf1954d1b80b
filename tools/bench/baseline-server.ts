// The benchmark's baseline: a raw node:http server answering constant, pre-rendered bodies with fixed
// headers and ETag (200, or 304 when If-None-Match matches). What Herald is measured against.
// Run as a script: `node --import tsx tools/bench/baseline-server.ts SPEC.json` (PORT, HOST from env).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface BaselineRoute {
  body: Buffer;
  etag: string;
  /** Headers of the 200 (Content-Length is added). */
  headers: Record<string, string>;
  /** Headers of the 304. */
  notModifiedHeaders: Record<string, string>;
}

/** The JSON file the script reads: bodies as base64. */
export interface BaselineSpec {
  routes: Record<string, Omit<BaselineRoute, 'body'> & { bodyBase64: string }>;
}

/** RFC 9110 13.1.2: If-None-Match uses weak comparison; "*" matches any current representation. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const target = opaque(etag);
  return header.split(',').some((t) => t.trim() === '*' || opaque(t) === target);
}

export function createBaselineServer(routes: Record<string, BaselineRoute>): Server {
  const prepared = new Map(
    Object.entries(routes).map(([path, r]) => [
      path,
      { ...r, headers: { ...r.headers, 'content-length': String(r.body.length), etag: r.etag } },
    ]),
  );
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const route = prepared.get(req.url ?? '');
    if (!route) {
      res.writeHead(404, { 'content-length': '0' }).end();
      return;
    }
    if (noneMatch(req.headers['if-none-match'], route.etag)) {
      res.writeHead(304, { ...route.notModifiedHeaders, etag: route.etag }).end();
      return;
    }
    res.writeHead(200, route.headers).end(route.body);
  });
}

export function readSpec(path: string): Record<string, BaselineRoute> {
  const spec = JSON.parse(readFileSync(path, 'utf8')) as BaselineSpec;
  return Object.fromEntries(
    Object.entries(spec.routes).map(([p, { bodyBase64, ...rest }]) => [
      p,
      { ...rest, body: Buffer.from(bodyBase64, 'base64') },
    ]),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const specPath = process.argv[2];
  if (!specPath) {
    process.stderr.write('usage: baseline-server.ts SPEC.json\n');
    process.exit(2);
  }
  const server = createBaselineServer(readSpec(specPath));
  // Same keep-alive as Herald's Node server, so wrk's connections live as long on both.
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(
      `${JSON.stringify({ level: 'info', msg: 'listening', url: `http://${process.env.HOST ?? '127.0.0.1'}:${port}/` })}\n`,
    );
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
