// The Node server over a real socket: gzip and Brotli, each a strong-ETagged representation of its own,
// Accept-Encoding q-values, Vary, and HEAD Content-Length per coding. node:http shows the raw bytes.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/entry/node-server.ts';
import { newsSources } from '../support/fixtures.ts';
import { expectedEtag, rawRequest, startTestServer, type TestServer } from '../support/http.ts';

let running: TestServer;
let server: RunningServer;

beforeAll(async () => {
  running = await startTestServer(newsSources());
  server = running.server;
});

afterAll(() => running?.stop());

const feed = (path = '/atom.xml', headers: Record<string, string> = {}, method = 'GET') =>
  rawRequest(`${server.url}${path}`, { method, headers });

describe('content codings', () => {
  it('answers without Accept-Encoding in identity', async () => {
    const res = await feed();
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.subarray(0, 5).toString()).toBe('<?xml');
  });

  it.each([
    ['gzip', gunzipSync],
    ['br', brotliDecompressSync],
  ] as const)(
    'answers %s with Content-Encoding and bytes that decompress to the identity body',
    async (coding, decode) => {
      const identity = await feed('/atom.xml', { 'accept-encoding': 'identity' });
      const coded = await feed('/atom.xml', { 'accept-encoding': coding });
      expect(coded.status).toBe(200);
      expect(coded.headers['content-encoding']).toBe(coding);
      expect(Buffer.compare(decode(coded.body), identity.body)).toBe(0);
      expect(coded.body.byteLength).toBeLessThan(identity.body.byteLength);
    },
  );

  it('gives identity, gzip and br each their own strong ETag, the SHA-256 tag of the bytes sent', async () => {
    const answers = await Promise.all(
      ['identity', 'gzip', 'br'].map((c) => feed('/rss.xml', { 'accept-encoding': c })),
    );
    const etags = answers.map((a) => a.headers.etag);
    expect(new Set(etags).size).toBe(3);
    for (const a of answers) {
      expect(a.headers.etag).toMatch(/^"[^"]+"$/);
      expect(a.headers.etag).toBe(expectedEtag(a.body));
    }
  });

  it('keeps a coding’s ETag and bytes from one request to the next', async () => {
    const one = await feed('/feed.json', { 'accept-encoding': 'br' });
    const two = await feed('/feed.json', { 'accept-encoding': 'br' });
    expect(two.headers.etag).toBe(one.headers.etag);
    expect(Buffer.compare(two.body, one.body)).toBe(0);
  });

  it('answers 304 to the gzip ETag when gzip is asked for again', async () => {
    const gz = await feed('/atom.xml', { 'accept-encoding': 'gzip' });
    const again = await feed('/atom.xml', { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag as string });
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(gz.headers.etag);
    expect(again.body.byteLength).toBe(0);
  });

  it('answers 200 in identity to the gzip ETag when the client no longer accepts gzip', async () => {
    const gz = await feed('/atom.xml', { 'accept-encoding': 'gzip' });
    const plain = await feed('/atom.xml', { 'if-none-match': gz.headers.etag as string });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });
});

describe('Accept-Encoding q-values', () => {
  it.each([
    ['gzip;q=0, br;q=0', undefined],
    ['br;q=0.1, gzip;q=0.9', 'gzip'],
    ['gzip, br', 'br'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['br;q=0', undefined],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['identity', undefined],
    ['deflate', undefined],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
  ])('%j gives Content-Encoding %s', async (accept, coding) => {
    const res = await feed('/rss.xml', { 'accept-encoding': accept });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(coding);
  });
});

describe('Vary', () => {
  it.each(['identity', 'gzip', 'br'])('is Accept-Encoding on the %s answer, its HEAD and its 304', async (coding) => {
    const got = await feed('/atom.xml', { 'accept-encoding': coding });
    const head = await feed('/atom.xml', { 'accept-encoding': coding }, 'HEAD');
    const notModified = await feed('/atom.xml', {
      'accept-encoding': coding,
      'if-none-match': got.headers.etag as string,
    });
    for (const res of [got, head, notModified]) expect(res.headers.vary).toBe('Accept-Encoding');
  });
});

describe('HEAD', () => {
  it.each(['identity', 'gzip', 'br'])(
    'sends for %s the Content-Length and ETag of the GET body, and no body',
    async (coding) => {
      const got = await feed('/feed.json', { 'accept-encoding': coding });
      const head = await feed('/feed.json', { 'accept-encoding': coding }, 'HEAD');
      expect(head.status).toBe(200);
      expect(Number(head.headers['content-length'])).toBe(got.body.byteLength);
      expect(Number(got.headers['content-length'])).toBe(got.body.byteLength);
      const { date: _g, ...gotHeaders } = got.headers;
      const { date: _h, ...headHeaders } = head.headers;
      expect(headHeaders).toEqual(gotHeaders);
      expect(head.body.byteLength).toBe(0);
    },
  );
});
