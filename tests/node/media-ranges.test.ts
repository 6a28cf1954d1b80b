// An episode fetched over a real socket from the Node server the way podcast apps fetch one: the
// enclosure URL from the feed, HEAD, Range: bytes=0-1 (Apple's check), bytes=0-, and a download cut
// off and resumed under If-Range. The bytes are compared exactly, and a download cut off closes the file.
import { readdir, readlink, utimes, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { type RunningServer, startNodeServer } from '../../src/runtime/node/server.ts';
import { articleFile, NOW, siteYaml, sources } from '../support/fixtures.ts';
import { contentDir, pathOf, rawRequest } from '../support/http.ts';
import { attrOf, childrenOf, parseXml } from '../support/xml.ts';

// Large enough that a download cut off after its first chunk is still being sent.
const SIZE = 16 * 1024 * 1024 + 3;
const EPISODE = Buffer.alloc(SIZE);
for (let i = 0; i < SIZE; i++) EPISODE[i] = (i * 7 + (i >> 10)) % 256;

let server: RunningServer;
let dir: string;
let remove: () => Promise<void>;

beforeAll(async () => {
  const content = await contentDir(
    sources(
      {
        'shows/ep1': articleFile({
          title: 'Episode one',
          date: '2024-03-01T10:00:00Z',
          enclosure: { url: 'ep1.mp3', type: 'audio/mpeg' },
        }),
      },
      siteYaml(),
    ),
  );
  dir = content.dir;
  remove = content.remove;
  const file = join(dir, 'articles/shows/ep1.mp3');
  await writeFile(file, EPISODE);
  const mtime = new Date('2024-02-01T00:00:00Z');
  await utimes(file, mtime, mtime);
  server = await startNodeServer({
    contentDir: dir,
    compiledPath: join(dir, '..', 'compiled', 'store'),
    env: {},
    port: 0,
    host: '127.0.0.1',
    clock: fixedClock(NOW),
    log: () => {},
  });
}, 60_000);

afterAll(async () => {
  await server?.close(500);
  await remove?.();
});

/** How many descriptors this process (the server) holds open on the episode (Linux). */
async function openOnFile(): Promise<number> {
  const file = join(dir, 'articles/shows/ep1.mp3');
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((t) => t === file).length;
}

/** The enclosure of the feed's only item, as a podcast app reads it. */
async function enclosure(): Promise<{ url: string; length: number; type: string }> {
  const feed = await rawRequest(`${server.url}/rss.xml`);
  const channel = childrenOf(childrenOf(parseXml(feed.body.toString('utf8')), 'rss')[0], 'channel')[0];
  const node = childrenOf(childrenOf(channel, 'item')[0], 'enclosure')[0];
  return {
    url: `${server.url}${pathOf(attrOf(node, 'url') as string)}`,
    length: Number(attrOf(node, 'length')),
    type: attrOf(node, 'type') as string,
  };
}

describe('an episode fetched like a podcast app fetches it', () => {
  it('answers HEAD at the enclosure URL with its length, type and Accept-Ranges', async () => {
    const { url, length, type } = await enclosure();
    expect(length).toBe(SIZE);
    const head = await rawRequest(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(SIZE));
    expect(head.headers['content-type']).toBe(type);
    expect(head.headers['accept-ranges']).toBe('bytes');
    expect(head.body.byteLength).toBe(0);
  });

  it('answers Range: bytes=0-1 with 206 and the first two bytes', async () => {
    const { url } = await enclosure();
    const answer = await rawRequest(url, { headers: { range: 'bytes=0-1' } });
    expect(answer.status).toBe(206);
    expect(answer.headers['content-range']).toBe(`bytes 0-1/${SIZE}`);
    expect(answer.headers['content-length']).toBe('2');
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    expect(answer.body).toEqual(EPISODE.subarray(0, 2));
  });

  it('answers Range: bytes=0- with 206 and every byte', async () => {
    const { url } = await enclosure();
    const answer = await rawRequest(url, { headers: { range: 'bytes=0-' } });
    expect(answer.status).toBe(206);
    expect(answer.headers['content-range']).toBe(`bytes 0-${SIZE - 1}/${SIZE}`);
    expect(answer.headers['content-length']).toBe(String(SIZE));
    expect(answer.body.equals(EPISODE)).toBe(true);
  });

  it('resumes a download cut off midway, under If-Range, into the exact file', async () => {
    const { url } = await enclosure();
    // The first attempt: the connection drops after the first megabyte has arrived.
    const first = await new Promise<{ etag: string; received: Buffer }>((resolve, reject) => {
      const req = http.get(url, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.byteLength;
          if (received >= 1024 * 1024) {
            req.destroy();
            resolve({ etag: String(res.headers.etag), received: Buffer.concat(chunks) });
          }
        });
        res.on('error', () => {});
      });
      req.on('error', (error) => {
        if (!req.destroyed) reject(error);
      });
    });
    expect(first.received.byteLength).toBeLessThan(SIZE);
    const rest = await rawRequest(url, {
      headers: { range: `bytes=${first.received.byteLength}-`, 'if-range': first.etag },
    });
    expect(rest.status).toBe(206);
    expect(rest.headers['content-range']).toBe(`bytes ${first.received.byteLength}-${SIZE - 1}/${SIZE}`);
    expect(Buffer.concat([first.received, rest.body]).equals(EPISODE)).toBe(true);
  });

  it.runIf(process.platform === 'linux')('closes the file when a download is cut off', async () => {
    const { url } = await enclosure();
    // Downloads cut off by the tests before have let go of it.
    await vi.waitFor(async () => expect(await openOnFile()).toBe(0), { timeout: 5000 });
    const req = await new Promise<http.ClientRequest>((resolve) => {
      const request = http.get(url, { agent: false }, (res) => res.once('data', () => resolve(request)));
      request.on('error', () => {});
    });
    // Being sent: the file is open (so the check below can see it), then the client goes away.
    expect(await openOnFile()).toBe(1);
    req.destroy();
    await vi.waitFor(async () => expect(await openOnFile()).toBe(0), { timeout: 5000 });
  });

  it.runIf(process.platform === 'linux')('closes the file after answers without a body', async () => {
    const { url } = await enclosure();
    await vi.waitFor(async () => expect(await openOnFile()).toBe(0), { timeout: 5000 });
    const etag = String((await rawRequest(url, { method: 'HEAD' })).headers.etag);
    const answers = await Promise.all([
      rawRequest(url, { method: 'HEAD' }),
      rawRequest(url, { headers: { 'if-none-match': etag } }),
      rawRequest(url, { headers: { range: `bytes=${SIZE}-` } }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 304, 416]);
    await vi.waitFor(async () => expect(await openOnFile()).toBe(0), { timeout: 5000 });
  });

  it('answers a range past the end with 416 and the length', async () => {
    const { url } = await enclosure();
    const answer = await rawRequest(url, { headers: { range: `bytes=${SIZE}-` } });
    expect(answer.status).toBe(416);
    expect(answer.headers['content-range']).toBe(`bytes */${SIZE}`);
    expect(answer.body.byteLength).toBe(0);
  });
});
