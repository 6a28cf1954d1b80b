// Media files beside the articles through app.request, read from a real content directory by the Node
// MediaSource: types, validators, HEAD, 304, byte ranges and If-Range (RFC 9110 sections 13 and 14), and
// everything that must never be served (sources, site.yaml, dotfiles, traversal, symbolic links out of
// the folder, directory listings).
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { readContent } from '../../src/build/sources.ts';
import { loadStore } from '../../src/content/load.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { formatHttpDate } from '../../src/http/conditional.ts';
import { nodeMediaSource } from '../../src/runtime/node/media-files.ts';
import { createStore } from '../../src/store/store.ts';
import { articleFile, NOW, siteYaml } from '../support/fixtures.ts';
import { call, contentDir, get } from '../support/http.ts';

/** Bytes that differ from their neighbours, high bit included, so a range off by one shows. */
function pattern(length: number, seed = 0): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (seed + i * 7 + (i >> 8)) % 256);
}

const EPISODE = pattern(5004, 1);
const MTIME = new Date('2024-05-01T10:00:00.250Z');
const MTIME_HTTP = 'Wed, 01 May 2024 10:00:00 GMT';
const OUTSIDE = new TextEncoder().encode('outside the articles: never served');

/** The files of every test's content directory (text for the sources, bytes for the media). */
const FILES: Record<string, string | Uint8Array> = {
  'site.yaml': siteYaml(),
  'articles/2024/hello.md': articleFile({ title: 'Hello', date: '2024-03-01T10:00:00Z' }),
  'articles/2024/ep1/episode.mp3': EPISODE,
  'articles/2024/cover.png': pattern(300, 2),
  'articles/2024/cover.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'articles/2024/notes.vtt': 'WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n',
  'articles/2024/notes.srt': '1\n00:00:00,000 --> 00:00:01,000\nHello\n',
  'articles/2024/chapters.json': '{"version":"1.2.0","chapters":[]}',
  'articles/2024/paper.pdf': '%PDF-1.4\n',
  'articles/2024/clip.mp4': pattern(100, 3),
  'articles/2024/transcript.html': '<script>alert(1)</script>',
  'articles/2024/empty.mp3': new Uint8Array(0),
  'articles/2024/my episode.mp3': pattern(10, 4),
  'articles/2024/100%.mp3': pattern(10, 5),
  'articles/2024/swap.mp3': pattern(50, 6),
  'articles/sub/a.mp3': pattern(20, 7),
  // Never served: not media, hidden, or not of a served type.
  'articles/.hidden.mp3': OUTSIDE,
  'articles/.git/config.json': '{}',
  'articles/2024/bundle.zip': OUTSIDE,
  'articles/2024/script.js': 'alert(1)',
  // Outside the articles: never served, whatever links to it.
  'private.mp3': OUTSIDE,
  'outside/a.mp3': OUTSIDE,
};

const TYPES: [path: string, type: string][] = [
  ['2024/ep1/episode.mp3', 'audio/mpeg'],
  ['2024/cover.png', 'image/png'],
  ['2024/cover.svg', 'image/svg+xml'],
  ['2024/notes.vtt', 'text/vtt; charset=utf-8'],
  ['2024/notes.srt', 'application/x-subrip; charset=utf-8'],
  ['2024/chapters.json', 'application/json; charset=utf-8'],
  ['2024/paper.pdf', 'application/pdf'],
  ['2024/clip.mp4', 'video/mp4'],
  ['2024/transcript.html', 'text/plain; charset=utf-8'],
];

const bytesOf = (value: string | Uint8Array) => (typeof value === 'string' ? new TextEncoder().encode(value) : value);
const digestTag = (bytes: Uint8Array) => `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

/** A content directory holding FILES (and `extra`), the store compiled from it as the build does, and the
 * app serving it with the Node MediaSource, or without any (`media: false`). */
async function mediaApp(
  extra: Record<string, string | Uint8Array> = {},
  { media = true, links = true }: { media?: boolean; links?: boolean } = {},
) {
  const content = await contentDir({});
  cleanups.push(content.remove);
  const dir = content.dir;
  for (const [path, data] of Object.entries({ ...FILES, ...extra })) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, data);
    await utimes(file, MTIME, MTIME);
  }
  if (links) {
    // A link to a file outside the folder, and a folder that is a link out of it: neither is listed.
    await symlink(join(dir, 'private.mp3'), join(dir, 'articles/2024/escape.mp3'));
    await symlink(join(dir, 'outside'), join(dir, 'articles/linked'));
  }
  const { sources, media: files } = await readContent(dir);
  const { store, problems } = await loadStore(sources, { media: files });
  expect(problems).toEqual([]);
  const app = createApp({
    store: createStore(store as NonNullable<typeof store>),
    config: defaultConfig,
    clock: fixedClock(NOW),
    ...(media ? { media: nodeMediaSource(dir) } : {}),
  });
  return { app, dir, files };
}

const EP = '/articles/2024/ep1/episode.mp3';

describe('media files: what is served and how', () => {
  it.each(TYPES)('serves %s whole with Content-Type %s', async (path, type) => {
    const { app } = await mediaApp();
    const answer = await get(app, `/articles/${path}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(type);
    expect(answer.bytes).toEqual(bytesOf(FILES[`articles/${path}`] as string | Uint8Array));
    expect(answer.headers.get('content-length')).toBe(String(answer.bytes.byteLength));
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends a strong ETag (the digest of the bytes), Last-Modified from the file and Accept-Ranges', async () => {
    const { app } = await mediaApp();
    const { headers } = await get(app, EP);
    expect(headers.get('etag')).toBe(digestTag(EPISODE));
    expect(headers.get('last-modified')).toBe(MTIME_HTTP);
    expect(headers.get('accept-ranges')).toBe('bytes');
    expect(headers.get('cache-control')).toBe(
      'public, max-age=3600, s-maxage=3600, stale-while-revalidate=60, stale-if-error=86400',
    );
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('content-encoding')).toBeNull();
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const { app } = await mediaApp();
    const got = await get(app, EP);
    const head = await call(app, EP, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect([...head.headers]).toEqual([...got.headers]);
    expect(head.bytes.byteLength).toBe(0);
  });

  it('answers a ranged HEAD like the ranged GET, without the body', async () => {
    const { app } = await mediaApp();
    const head = await call(app, EP, { method: 'HEAD', headers: { range: 'bytes=0-1' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe('bytes 0-1/5004');
    expect(head.headers.get('content-length')).toBe('2');
    expect(head.bytes.byteLength).toBe(0);
  });

  it('answers 304 to If-None-Match with its ETag, and to If-Modified-Since at its Last-Modified', async () => {
    const { app } = await mediaApp();
    const etag = digestTag(EPISODE);
    for (const headers of [{ 'if-none-match': etag }, { 'if-modified-since': MTIME_HTTP }] as Record<
      string,
      string
    >[]) {
      const answer = await get(app, EP, headers);
      expect(answer.status).toBe(304);
      expect(answer.headers.get('etag')).toBe(etag);
      expect(answer.bytes.byteLength).toBe(0);
    }
    expect((await get(app, EP, { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('answers 412 to If-Match with another tag', async () => {
    const { app } = await mediaApp();
    expect((await get(app, EP, { 'if-match': '"other"' })).status).toBe(412);
  });

  it('serves an empty file with 200 and no body', async () => {
    const { app } = await mediaApp();
    const answer = await get(app, '/articles/2024/empty.mp3');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-length')).toBe('0');
    expect(answer.bytes.byteLength).toBe(0);
  });
});

describe('media files: byte ranges', () => {
  it.each([
    ['bytes=0-1', 0, 1],
    ['bytes=100-199', 100, 199],
    ['bytes=4000-', 4000, 5003],
    ['bytes=-10', 4994, 5003],
    ['bytes=5000-9999', 5000, 5003],
    ['bytes=0-', 0, 5003],
  ])('answers Range: %s with 206 and exactly bytes %i-%i', async (range, start, end) => {
    const { app } = await mediaApp();
    const answer = await get(app, EP, { range });
    expect(answer.status).toBe(206);
    expect(answer.headers.get('content-range')).toBe(`bytes ${start}-${end}/5004`);
    expect(answer.headers.get('content-length')).toBe(String(end - start + 1));
    expect(answer.bytes).toEqual(EPISODE.subarray(start, end + 1));
  });

  it('answers 416 with the current length to a range past the end', async () => {
    const { app } = await mediaApp();
    const answer = await get(app, EP, { range: 'bytes=5004-' });
    expect(answer.status).toBe(416);
    expect(answer.headers.get('content-range')).toBe('bytes */5004');
    expect(answer.bytes.byteLength).toBe(0);
  });

  it('answers several ranges at once with the whole file', async () => {
    const { app } = await mediaApp();
    const answer = await get(app, EP, { range: 'bytes=0-1, 10-20' });
    expect(answer.status).toBe(200);
    expect(answer.bytes).toEqual(EPISODE);
  });

  it('applies the range under If-Range with the current ETag or Last-Modified, else sends the whole file', async () => {
    const { app } = await mediaApp();
    const range = 'bytes=1000-';
    for (const ifRange of [digestTag(EPISODE), MTIME_HTTP]) {
      const answer = await get(app, EP, { range, 'if-range': ifRange });
      expect(answer.status).toBe(206);
      expect(answer.bytes).toEqual(EPISODE.subarray(1000));
    }
    for (const ifRange of ['"an-older-version"', 'Tue, 30 Apr 2024 10:00:00 GMT', `W/${digestTag(EPISODE)}`]) {
      const answer = await get(app, EP, { range, 'if-range': ifRange });
      expect(answer.status).toBe(200);
      expect(answer.bytes).toEqual(EPISODE);
    }
  });
});

describe('media files: what is never served', () => {
  const NEVER = [
    // The articles' sources, whatever the case of the extension.
    '/articles/2024/hello.md',
    '/articles/2024/HELLO.MD',
    // Settings and anything outside articles/.
    '/site.yaml',
    '/articles/../site.yaml',
    '/articles/%2e%2e/site.yaml',
    '/articles/%2E%2E/private.mp3',
    '/articles/2024/%252e%252e/%252e%252e/private.mp3',
    '/articles/..%2fprivate.mp3',
    '/articles/2024%2f..%2f..%2fprivate.mp3',
    '/articles/..%5cprivate.mp3',
    '/private.mp3',
    // Dotfiles and dot folders, unlisted types.
    '/articles/.hidden.mp3',
    '/articles/.git/config.json',
    '/articles/2024/bundle.zip',
    '/articles/2024/script.js',
    // Symbolic links out of the folder: a file and a folder.
    '/articles/2024/escape.mp3',
    '/articles/linked/a.mp3',
    // No listing of a folder.
    '/articles/2024/',
    '/articles/2024',
    '/articles/',
    '/articles/2024/ep1/',
    // A name decoded more than once, or not at all.
    '/articles/2024/100%2525.mp3',
    '/articles/2024/100%.mp3',
    '/articles/2024/my%2520episode.mp3',
  ];

  it.each(NEVER)('answers %s with 404 and none of the hidden bytes', async (path) => {
    const { app } = await mediaApp();
    const answer = await get(app, path);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(answer.text).not.toContain('never served');
    expect(answer.text).not.toContain('title:');
  });

  it('serves names with spaces and percent signs, each escape decoded exactly once', async () => {
    const { app } = await mediaApp();
    expect((await get(app, '/articles/2024/my%20episode.mp3')).bytes).toEqual(pattern(10, 4));
    expect((await get(app, '/articles/2024/100%25.mp3')).bytes).toEqual(pattern(10, 5));
  });

  it('never lists a symbolic link in the index', async () => {
    const { files } = await mediaApp();
    expect(Object.keys(files).filter((p) => p.includes('escape') || p.startsWith('linked'))).toEqual([]);
  });

  it('refuses a file replaced by a symbolic link out of the folder after the store was compiled', async () => {
    const { app, dir } = await mediaApp();
    const file = join(dir, 'articles/2024/swap.mp3');
    await rm(file);
    await symlink(join(dir, 'private.mp3'), file);
    const answer = await get(app, '/articles/2024/swap.mp3');
    expect(answer.status).toBe(404);
    expect(answer.text).not.toContain('never served');
  });

  it('refuses a file whose folder became a symbolic link out of the folder after the store was compiled', async () => {
    const { app, dir } = await mediaApp();
    await rename(join(dir, 'articles/sub'), join(dir, 'sub-moved'));
    await symlink(join(dir, 'outside'), join(dir, 'articles/sub'));
    const answer = await get(app, '/articles/sub/a.mp3');
    expect(answer.status).toBe(404);
    expect(answer.text).not.toContain('never served');
  });

  it('answers 404 for a file removed since the store was compiled', async () => {
    const { app, dir } = await mediaApp();
    await rm(join(dir, 'articles/2024/cover.png'));
    expect((await get(app, '/articles/2024/cover.png')).status).toBe(404);
  });

  it('answers 404 for every media URL without a MediaSource', async () => {
    const { app } = await mediaApp({}, { media: false });
    expect((await get(app, EP)).status).toBe(404);
  });
});

describe('media files: a file changed since the store was compiled', () => {
  it('is described and sent as it is now: its length, a validator of its own, its bytes', async () => {
    const { app, dir } = await mediaApp();
    const now = pattern(6000, 9);
    const later = new Date('2024-05-20T08:00:00Z');
    await writeFile(join(dir, 'articles', '2024/ep1/episode.mp3'), now);
    await utimes(join(dir, 'articles', '2024/ep1/episode.mp3'), later, later);
    const whole = await get(app, EP);
    expect(whole.status).toBe(200);
    expect(whole.bytes).toEqual(now);
    expect(whole.headers.get('content-length')).toBe('6000');
    expect(whole.headers.get('last-modified')).toBe(formatHttpDate(later.getTime()));
    const etag = whole.headers.get('etag') as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(etag).not.toBe(digestTag(EPISODE));
    // A download begun on the old file does not resume on the new one.
    const resumed = await get(app, EP, { range: 'bytes=1000-', 'if-range': digestTag(EPISODE) });
    expect(resumed.status).toBe(200);
    expect(resumed.bytes).toEqual(now);
    const tail = await get(app, EP, { range: 'bytes=5500-', 'if-range': etag });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe('bytes 5500-5999/6000');
    expect(tail.bytes).toEqual(now.subarray(5500));
  });
});

describe('media files beside the article routes', () => {
  it('leaves an article page where it is', async () => {
    const { app } = await mediaApp();
    const page = await get(app, '/articles/2024/hello');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('gives the URL to the article when an article and a media file share it, scheduled or not', async () => {
    const { app } = await mediaApp({
      'articles/2024/clash.mp3.md': articleFile({ title: 'Clash', date: '2024-03-01T10:00:00Z' }),
      'articles/2024/clash.mp3': pattern(10),
      'articles/2024/later.mp3.md': articleFile({ title: 'Later', date: '2024-07-01T10:00:00Z' }),
      'articles/2024/later.mp3': pattern(10),
    });
    const page = await get(app, '/articles/2024/clash.mp3');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await get(app, '/articles/2024/later.mp3')).status).toBe(404);
  });

  it('answers a CORS preflight for a media file, allowing Range and If-Range', async () => {
    const { app } = await mediaApp();
    const answer = await call(app, EP, { method: 'OPTIONS' });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-headers')).toMatch(/\bRange\b.*\bIf-Range\b/);
  });

  it('answers other methods with 405', async () => {
    const { app } = await mediaApp();
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const answer = await call(app, EP, { method });
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toContain('GET');
    }
  });

  it('keeps media out of the render cache, so the Node fast path never answers them', async () => {
    const { app } = await mediaApp();
    await get(app, EP);
    await get(app, EP);
    expect(app.fastPath('GET', EP, new Headers())).toBeUndefined();
  });
});
