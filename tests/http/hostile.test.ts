// Hostile requests: traversal, broken escapes, odd methods and headers, huge URLs and headers, slow
// clients. Herald answers every one below 500, with a short body that names no file, frame or error.

import http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { compressNode } from '../../src/runtime/node/compress.ts';
import type { RunningServer } from '../../src/runtime/node/server.ts';
import { hostileHeaders, hostileMethod, hostilePath, hostileQuery } from '../support/arbitraries.ts';
import { NOW, newsSources, storeOf } from '../support/fixtures.ts';
import { call, rawRequest, startTestServer, type TestServer } from '../support/http.ts';

/** fast-check runs are bounded; the limit leaves room for a machine busy with other suites. */
const PROPERTY_TIMEOUT = 30_000;

/** Signs of leaked internals: stack frames, source files, file-system paths, content paths, error names.
 * (Plain "content/" would match RSS's own namespace, http://purl.org/rss/1.0/modules/content/.) */
const LEAKS = /\n\s*at |\.ts:|\/work\/|\/home\/|\/tmp\/|node_modules|content\/(?:articles|site\.yaml)|Error:/;

async function hostileApp() {
  return createApp({
    store: await storeOf(newsSources()),
    config: defaultConfig,
    clock: fixedClock(NOW),
    compress: compressNode,
  });
}

/** The body minus the path it echoes (a 404 names the path asked for, capped at 200 characters). */
function withoutEcho(text: string, url: string): string {
  const path = new URL(url).pathname;
  return text.split(path.slice(0, 200)).join('');
}

describe('traversal and broken escapes', () => {
  it.each([
    '/articles/..%2f..%2fpackage.json',
    '/articles/%2e%2e/%2e%2e/package.json',
    '/articles/..%2F..%2F..%2Fetc%2Fpasswd',
    '/articles/%2e%2e%2f%2e%2e%2fsrc%2fapp.ts',
    '/articles/....//....//package.json',
    '/articles/%C0%AE%C0%AE/package.json',
    '/articles/%00',
    '/articles/2024%2falpha%00.md',
    '/tags/%ZZ/rss.xml',
    '/tags/%E0%A4%A/atom.xml',
    '/authors/%/feed.json',
    '/%zz',
    '/rss.xml%00',
    '/style.css/..%2f..%2fpackage.json',
  ])('answers %s with 404 and a short body that reveals nothing', async (path) => {
    const app = await hostileApp();
    const res = await call(app, path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.text.length).toBeLessThan(600);
    expect(res.text).not.toMatch(/"name"|"version"|"dependencies"|root:|import /);
    expect(withoutEcho(res.text, `http://localhost${path}`)).not.toMatch(LEAKS);
  });

  it('answers an 8 KB URL with a 404 whose body stays short', async () => {
    const app = await hostileApp();
    const res = await call(app, `/tags/${'%E2%80%AE'.repeat(900)}/rss.xml?${'_=1&'.repeat(100)}`);
    expect(res.status).toBe(404);
    expect(res.text.length).toBeLessThan(600);
  });
});

describe('any method, path, query and conditional headers', () => {
  // A property run once found "valueOf" crashing a Hono router (a lookup by method on a plain object):
  // these names are checked on every run, whatever the seed.
  it.each(['valueOf', 'constructor', 'toString', 'hasOwnProperty', '__proto__', 'isPrototypeOf'])(
    'answer a request whose method is the Object.prototype name %s below 500',
    async (method) => {
      const app = await hostileApp();
      for (const path of ['/', '/rss.xml', '/tags/x/atom.xml', '/articles/2024/alpha', '/nope']) {
        const res = await app.request(new Request(`http://localhost${path}`, { method }));
        await res.arrayBuffer();
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
      }
    },
  );

  it(
    'answer below 500 with a body that names no file, frame or error, through the app and its fast path',
    async () => {
      const app = await hostileApp();
      await fc.assert(
        fc.asyncProperty(
          hostileMethod,
          hostilePath,
          hostileQuery,
          hostileHeaders,
          async (method, path, query, headers) => {
            let request: Request;
            try {
              request = new Request(`http://localhost${path}${query}`, { method, headers });
            } catch {
              // Not a request any client can send (Fetch refuses to build it).
              fc.pre(false);
              return;
            }
            const res = await app.request(request);
            expect(res.status, `${method} ${path}${query}`).toBeLessThan(500);
            const text = await res.text();
            expect(withoutEcho(text, request.url), `${method} ${path}${query}`).not.toMatch(LEAKS);
            // The Node fast path sees the raw request line: it answers as the app would, or leaves it to the app.
            const fast = app.fastPath(method, `${path}${query}`, new Headers(headers));
            if (fast) expect(fast.status).toBeLessThan(500);
          },
        ),
        { numRuns: 400 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

/** Bytes over a fresh TCP connection; resolves with everything the server sent once it closes. */
function rawExchange(port: number, bytes: string, endAfterMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    // Keep our side open: Node abandons a request whose client half-closes before the answer is ready.
    socket.write(bytes);
    setTimeout(() => socket.destroy(), endAfterMs).unref();
  });
}

describe('over a real socket', () => {
  let running: TestServer;
  let server: RunningServer;
  beforeAll(async () => {
    running = await startTestServer(newsSources());
    server = running.server;
  });
  afterAll(() => running?.stop());

  it('answers an HTTP/1.0 request without Host', async () => {
    const reply = await rawExchange(server.port, 'GET /rss.xml HTTP/1.0\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(reply).toMatch(/\r\ncontent-type: application\/rss\+xml; charset=utf-8\r\n/i);
    expect(reply).toContain('</rss>');
  });

  it('answers a request with a 20 KB header with 431', async () => {
    const res = await rawRequest(`${server.url}/rss.xml`, { headers: { 'x-padding': 'a'.repeat(20_000) } });
    expect(res.status).toBe(431);
  });

  it('answers a 100 KB URL with 431 and a 12 KB one with a short 404', async () => {
    expect((await rawRequest(`${server.url}/${'a'.repeat(100_000)}`)).status).toBe(431);
    const long = await rawRequest(`${server.url}/${'%F0%9F%98%80'.repeat(1000)}`);
    expect(long.status).toBe(404);
    expect(long.body.byteLength).toBeLessThan(600);
  });

  it('answers garbage on the wire with 400, and keeps serving', async () => {
    for (const bytes of [
      '\x16\x03\x01\x00\x05hello',
      'GET\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
      'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    ]) {
      expect(await rawExchange(server.port, bytes)).toMatch(/^HTTP\/1\.1 400 |^$/);
    }
    expect((await rawRequest(`${server.url}/rss.xml`)).status).toBe(200);
  });

  it('cuts slow clients off: headers within 10 s, a request within 30 s, headers capped at 16 KB', () => {
    // Waiting out a slowloris takes seconds; the limits are read from the listening server instead.
    // Node checks for expired headers only every connectionsCheckingInterval (30 s by default), so a
    // client that trickles header bytes is cut at headersTimeout plus up to that interval.
    const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
    const listening = handles.find(
      (h): h is http.Server =>
        h instanceof http.Server && (h.address() as net.AddressInfo | null)?.port === server.port,
    ) as http.Server & { connectionsCheckingInterval: number; maxHeaderSize?: number };
    expect(listening).toBeDefined();
    expect(listening.headersTimeout).toBe(10_000);
    expect(listening.requestTimeout).toBe(30_000);
    expect(listening.maxHeaderSize).toBe(16_384);
    expect(listening.headersTimeout + listening.connectionsCheckingInterval).toBeLessThanOrEqual(11_000);
  });
});
