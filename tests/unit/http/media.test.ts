import { describe, expect, it } from 'vitest';
import { parseCachePolicy } from '../../../src/http/cache-policy.ts';
import { formatHttpDate } from '../../../src/http/conditional.ts';
import { answerMedia, defaultMediaCachePolicy, type MediaFile } from '../../../src/http/media.ts';

const LM = Date.UTC(2024, 4, 1, 12, 0, 0, 250);
const LM_HTTP = 'Wed, 01 May 2024 12:00:00 GMT';
const NOW = Date.UTC(2024, 5, 1, 8, 0, 0);
const FILE: MediaFile = { size: 1000, etag: '"e1"', lastModified: LM, contentType: 'audio/mpeg' };
const CACHE = 'public, max-age=3600, s-maxage=3600, stale-while-revalidate=60, stale-if-error=86400';

const EVERY = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'cross-origin',
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Accept-Ranges, Content-Range, ETag',
};
const VALIDATORS = { ...EVERY, etag: '"e1"', 'last-modified': LM_HTTP };
const OK = { ...VALIDATORS, 'cache-control': CACHE, 'content-type': 'audio/mpeg', 'accept-ranges': 'bytes' };

const ask = (h: Record<string, string> = {}, method = 'GET', file = FILE) =>
  answerMedia(method, new Headers(h), file, defaultMediaCachePolicy, NOW);

describe('answerMedia: whole file', () => {
  it('answers a GET with 200, every header and the whole file as the body', () => {
    expect(ask()).toEqual({ status: 200, headers: { ...OK, 'content-length': '1000' }, body: { start: 0, end: 999 } });
  });

  it('answers a HEAD with the same status and headers and no body', () => {
    expect(ask({}, 'HEAD')).toEqual({ status: 200, headers: ask().headers, body: null });
  });

  it('treats a lower-case method like its upper-case one', () => {
    expect(ask({}, 'head').body).toBeNull();
    expect(ask({ range: 'bytes=0-1' }, 'get').status).toBe(206);
  });

  it('sends no Vary and no Content-Encoding: media are sent as stored', () => {
    const { headers } = ask({ 'accept-encoding': 'gzip, br' });
    expect(headers.vary).toBeUndefined();
    expect(headers['content-encoding']).toBeUndefined();
  });

  it('sends the media cache policy, which an operator can override', () => {
    const { policy } = parseCachePolicy({ maxAge: 60, sMaxAge: 120, staleWhileRevalidate: 0, staleIfError: 0 });
    const a = answerMedia('GET', new Headers(), FILE, policy, NOW);
    expect(a.headers['cache-control']).toBe('public, max-age=60, s-maxage=120');
  });

  it('never sends a Last-Modified later than now (RFC 9110 8.8.2.1)', () => {
    const future = { ...FILE, lastModified: NOW + 86_400_000 };
    expect(ask({}, 'GET', future).headers['last-modified']).toBe(formatHttpDate(NOW));
  });

  it('sandboxes an SVG opened on its own, and only an SVG', () => {
    const svg = ask({}, 'GET', { ...FILE, contentType: 'image/svg+xml' });
    expect(svg.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    expect(ask().headers['content-security-policy']).toBeUndefined();
    expect(
      ask({}, 'GET', { ...FILE, contentType: 'application/pdf' }).headers['content-security-policy'],
    ).toBeUndefined();
    const svg416 = ask({ range: 'bytes=5000-' }, 'GET', { ...FILE, contentType: 'image/svg+xml' });
    expect(svg416.headers['content-security-policy']).toBeDefined();
  });

  it('refuses a size that is not a byte count', () => {
    expect(() => ask({}, 'GET', { ...FILE, size: -1 })).toThrow(RangeError);
    expect(() => ask({}, 'GET', { ...FILE, size: Number.NaN })).toThrow(RangeError);
  });
});

describe('answerMedia: ranges', () => {
  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=0-0', 0, 0],
    ['bytes=500-', 500, 999],
    ['bytes=-100', 900, 999],
    ['bytes=900-5000', 900, 999],
    ['bytes=-5000', 0, 999],
  ])('answers %j with 206 and that range', (range, start, end) => {
    expect(ask({ range })).toEqual({
      status: 206,
      headers: { ...OK, 'content-range': `bytes ${start}-${end}/1000`, 'content-length': String(end - start + 1) },
      body: { start, end },
    });
  });

  it.each([
    ['a first-pos at the length', 'bytes=1000-'],
    ['a first-pos past the end', 'bytes=2000-3000'],
    ['a zero suffix', 'bytes=-0'],
  ])('answers %s with 416 and the current length', (_, range) => {
    expect(ask({ range })).toEqual({
      status: 416,
      headers: { ...EVERY, 'accept-ranges': 'bytes', 'content-range': 'bytes */1000', 'content-length': '0' },
      body: null,
    });
  });

  it.each([
    ['several ranges', 'bytes=0-1,5-9'],
    ['an invalid range', 'bytes=5-1'],
    ['junk', 'bytes=abc'],
    ['another unit', 'items=0-1'],
  ])('answers %s with the whole file', (_, range) => {
    expect(ask({ range })).toEqual(ask());
  });

  it('ignores a Range on a method without range handling (RFC 9110 14.2)', () => {
    const a = ask({ range: 'bytes=0-1' }, 'POST');
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ start: 0, end: 999 });
  });
});

describe('answerMedia: If-Range', () => {
  it.each([
    ['the strong entity-tag', '"e1"'],
    ['Last-Modified', LM_HTTP],
    ['Last-Modified in the asctime form', 'Wed May  1 12:00:00 2024'],
  ])('serves the range when If-Range holds %s', (_, ifRange) => {
    expect(ask({ range: 'bytes=0-9', 'if-range': ifRange }).status).toBe(206);
  });

  it.each([
    ['a weak entity-tag', 'W/"e1"'],
    ['another entity-tag', '"e0"'],
    ['another date', 'Wed, 01 May 2024 11:59:59 GMT'],
    ['junk', 'whenever'],
    ['an empty value', ''],
  ])('serves the whole file when If-Range holds %s', (_, ifRange) => {
    expect(ask({ range: 'bytes=0-9', 'if-range': ifRange })).toEqual(ask());
  });

  it('serves the whole file, not 416, for an unsatisfiable range under a stale If-Range', () => {
    expect(ask({ range: 'bytes=5000-', 'if-range': '"e0"' })).toEqual(ask());
  });

  it('answers 416 for an unsatisfiable range under a current If-Range', () => {
    expect(ask({ range: 'bytes=5000-', 'if-range': '"e1"' }).status).toBe(416);
  });

  it('ignores If-Range without Range', () => {
    expect(ask({ 'if-range': '"e0"' })).toEqual(ask());
  });
});

describe('answerMedia: preconditions before ranges (RFC 9110 13.2.2)', () => {
  const NOT_MODIFIED = { status: 304, headers: { ...VALIDATORS, 'cache-control': CACHE }, body: null };
  const FAILED = { status: 412, headers: { ...VALIDATORS, 'content-length': '0' }, body: null };

  it.each([
    ['If-None-Match with our tag', { 'if-none-match': '"e1"' }],
    ['If-None-Match with the weak form of our tag', { 'if-none-match': 'W/"e1"' }],
    ['If-None-Match: *', { 'if-none-match': '*' }],
    ['If-Modified-Since Last-Modified', { 'if-modified-since': LM_HTTP }],
  ])('answers 304 to %s, with or without a Range', (_, h) => {
    expect(ask(h)).toEqual(NOT_MODIFIED);
    expect(ask({ ...h, range: 'bytes=0-9' })).toEqual(NOT_MODIFIED);
    expect(ask({ ...h, range: 'bytes=5000-' })).toEqual(NOT_MODIFIED);
    expect(ask({ ...h, range: 'bytes=0-9', 'if-range': '"e1"' })).toEqual(NOT_MODIFIED);
  });

  it.each([
    ['If-Match with another tag', { 'if-match': '"e0"' }],
    ['If-Match with the weak form of our tag', { 'if-match': 'W/"e1"' }],
    ['If-Unmodified-Since before Last-Modified', { 'if-unmodified-since': 'Wed, 01 May 2024 11:59:59 GMT' }],
  ])('answers 412 to %s, with or without a Range', (_, h) => {
    expect(ask(h)).toEqual(FAILED);
    expect(ask({ ...h, range: 'bytes=0-9' })).toEqual(FAILED);
    expect(ask({ ...h, range: 'bytes=5000-' })).toEqual(FAILED);
  });

  it.each([
    ['If-None-Match with another tag', { 'if-none-match': '"e0"' }],
    ['If-Modified-Since before Last-Modified', { 'if-modified-since': 'Wed, 01 May 2024 11:59:59 GMT' }],
    ['If-Match with our tag', { 'if-match': '"e1"' }],
    ['If-Unmodified-Since Last-Modified', { 'if-unmodified-since': LM_HTTP }],
  ])('serves the range when %s passes', (_, h) => {
    const a = ask({ ...h, range: 'bytes=0-9' });
    expect(a.status).toBe(206);
    expect(a.body).toEqual({ start: 0, end: 9 });
  });
});

describe('answerMedia: HEAD', () => {
  const requests: Record<string, string>[] = [
    {},
    { range: 'bytes=0-99' },
    { range: 'bytes=-1' },
    { range: 'bytes=500-' },
    { range: 'bytes=5000-' },
    { range: 'bytes=0-1,3-4' },
    { range: 'bytes=0-9', 'if-range': '"e1"' },
    { range: 'bytes=0-9', 'if-range': '"e0"' },
    { range: 'bytes=0-9', 'if-range': LM_HTTP },
    { 'if-none-match': '"e1"' },
    { 'if-none-match': '"e1"', range: 'bytes=0-9' },
    { 'if-modified-since': LM_HTTP },
    { 'if-match': '"e0"', range: 'bytes=0-9' },
  ];

  it.each(requests)('answers %j with exactly the status and headers of the GET, and no body', (h) => {
    const get = ask(h, 'GET');
    const head = ask(h, 'HEAD');
    expect(head.status).toBe(get.status);
    expect(head.headers).toEqual(get.headers);
    expect(head.body).toBeNull();
  });

  it('answers a ranged HEAD with 206, so a client can check for range support without a body', () => {
    const head = ask({ range: 'bytes=0-1' }, 'HEAD');
    expect(head.status).toBe(206);
    expect(head.headers['content-range']).toBe('bytes 0-1/1000');
    expect(head.headers['content-length']).toBe('2');
  });
});

describe('answerMedia: an empty file', () => {
  const EMPTY = { ...FILE, size: 0 };

  it('answers a GET with 200, length 0 and no body', () => {
    expect(ask({}, 'GET', EMPTY)).toEqual({ status: 200, headers: { ...OK, 'content-length': '0' }, body: null });
  });

  it.each(['bytes=0-', 'bytes=0-0', 'bytes=-1', 'bytes=-0'])('answers %j with 416 bytes */0', (range) => {
    for (const method of ['GET', 'HEAD']) {
      const a = ask({ range }, method, EMPTY);
      expect(a.status).toBe(416);
      expect(a.headers['content-range']).toBe('bytes */0');
      expect(a.body).toBeNull();
    }
  });
});

describe('answerMedia through real Requests and Responses', () => {
  // Each byte differs from its neighbours, so an off-by-one shows.
  const BYTES = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37 + 11) % 251);

  async function fetchMedia(headers: Record<string, string>, method = 'GET'): Promise<Response> {
    const request = new Request('https://example.com/articles/2024/episode.mp3', { method, headers });
    const a = answerMedia(request.method, request.headers, FILE, defaultMediaCachePolicy, NOW);
    const body = a.body === null ? null : BYTES.slice(a.body.start, a.body.end + 1);
    return new Response(body, { status: a.status, headers: a.headers });
  }

  it.each([
    ['bytes=0-0', 0, 1],
    ['bytes=10-19', 10, 20],
    ['bytes=-7', 993, 1000],
    ['bytes=990-', 990, 1000],
    ['bytes=995-5000', 995, 1000],
    ['bytes=0-999', 0, 1000],
  ])('sends exactly the bytes %j names', async (range, from, to) => {
    const response = await fetchMedia({ range });
    const got = new Uint8Array(await response.arrayBuffer());
    expect(response.status).toBe(206);
    expect(Array.from(got)).toEqual(Array.from(BYTES).slice(from, to));
    expect(Number(response.headers.get('content-length'))).toBe(got.byteLength);
    expect(response.headers.get('content-range')).toBe(`bytes ${from}-${to - 1}/1000`);
  });

  it('sends the whole file when no range is asked for, and nothing to a HEAD', async () => {
    const whole = await fetchMedia({});
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(BYTES);
    const head = await fetchMedia({ range: 'bytes=0-9' }, 'HEAD');
    expect(head.status).toBe(206);
    expect(head.headers.get('content-length')).toBe('10');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('reassembles the file from consecutive ranges, as a resuming download does', async () => {
    const parts: number[] = [];
    for (let start = 0; start < BYTES.length; start += 300) {
      const response = await fetchMedia({ range: `bytes=${start}-${start + 299}`, 'if-range': '"e1"' });
      parts.push(...new Uint8Array(await response.arrayBuffer()));
    }
    expect(parts).toEqual(Array.from(BYTES));
  });
});
