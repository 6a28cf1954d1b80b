// The Node server over a real socket: gzip and Brotli, each a strong-ETagged representation of its own,
// compressed fast on first use and upgraded in the background once popular; Accept-Encoding q-values,
// Vary, and HEAD Content-Length per coding. node:http shows the raw bytes.
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backgroundSettings, compressNode, requestPathSettings } from '../../src/runtime/node/compress.ts';
import type { RunningServer } from '../../src/runtime/node/server.ts';
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

/** Brotli exactly as Herald calls it, at `quality`. */
const brotliAt = (bytes: Buffer, quality: number) =>
  brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });

/** Asks for `path` in `coding` until its upgrade is due, and waits for the background to finish it:
 * from then on the variant no longer changes, so two requests can be compared. */
async function settle(path: string, coding: string): Promise<void> {
  for (let i = 0; i < compressNode.policy.afterServes; i++) await feed(path, { 'accept-encoding': coding });
  await compressNode.background.idle();
}

/** Holds the background queue until released: whatever is queued behind it cannot start. */
function holdBackground(): () => void {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  expect(compressNode.background.run(() => held)).toBe(true);
  return release;
}

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
      await settle('/feed.json', coding);
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

describe('first requests and the background upgrade', () => {
  it('compresses a first br request with the request-path setting, never Brotli quality 11', async () => {
    const identity = await feed('/tags/politics/atom.xml', { 'accept-encoding': 'identity' });
    const br = await feed('/tags/politics/atom.xml', { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(Buffer.compare(brotliDecompressSync(br.body), identity.body)).toBe(0);
    expect(br.headers.etag).toBe(expectedEtag(br.body));
    expect(br.body.equals(brotliAt(identity.body, 11))).toBe(false);
    expect(br.body.equals(brotliAt(identity.body, requestPathSettings.brotliQuality))).toBe(true);
  });

  it('keeps Brotli quality 11 and gzip levels above 6 off the request path', () => {
    expect(requestPathSettings.brotliQuality).toBeLessThanOrEqual(6);
    expect(requestPathSettings.gzipLevel).toBeLessThanOrEqual(6);
    expect(backgroundSettings).toEqual({ brotliQuality: 11, gzipLevel: 9 });
  });

  it('answers every request at once while the upgrade waits, then serves the smaller upgraded variant', async () => {
    const path = '/tags/asia/rss.xml';
    const identity = await feed(path, { 'accept-encoding': 'identity' });
    await compressNode.background.idle();
    const release = holdBackground();
    // More requests than the upgrade needs, all answered while the upgrade cannot even start.
    const answers = [];
    for (let i = 0; i < compressNode.policy.afterServes + 2; i++)
      answers.push(await feed(path, { 'accept-encoding': 'br' }));
    const fast = answers[0] as (typeof answers)[number];
    for (const a of answers) {
      expect(a.headers.etag).toBe(fast.headers.etag);
      expect(a.body.equals(fast.body)).toBe(true);
    }
    expect(compressNode.background.size).toBe(2);
    release();
    await compressNode.background.idle();

    const best = await feed(path, { 'accept-encoding': 'br' });
    expect(best.headers.etag).not.toBe(fast.headers.etag);
    expect(best.headers.etag).toBe(expectedEtag(best.body));
    expect(best.body.byteLength).toBeLessThanOrEqual(fast.body.byteLength);
    expect(Number(best.headers['content-length'])).toBe(best.body.byteLength);
    expect(Buffer.compare(brotliDecompressSync(best.body), identity.body)).toBe(0);
    expect(best.body.equals(brotliAt(identity.body, backgroundSettings.brotliQuality))).toBe(true);
  });

  it('answers 304 to the upgraded ETag and 200 to the fast one it replaced', async () => {
    const path = '/authors/ann/feed.json';
    const fast = await feed(path, { 'accept-encoding': 'br' });
    await settle(path, 'br');
    const best = await feed(path, { 'accept-encoding': 'br' });
    expect(best.headers.etag).not.toBe(fast.headers.etag);
    const old = await feed(path, { 'accept-encoding': 'br', 'if-none-match': fast.headers.etag as string });
    const current = await feed(path, { 'accept-encoding': 'br', 'if-none-match': best.headers.etag as string });
    expect(old.status).toBe(200);
    expect(old.headers.etag).toBe(best.headers.etag);
    expect(current.status).toBe(304);
  });

  it('shuts down without waiting for a background job', async () => {
    const other = await startTestServer(newsSources());
    await rawRequest(`${other.server.url}/rss.xml`, { headers: { 'accept-encoding': 'br' } });
    const release = holdBackground();
    try {
      await other.stop();
      expect(compressNode.background.size).toBeGreaterThan(0);
    } finally {
      release();
    }
  });
});
