// Faults around a running server: the content directory renamed away and back, a WebSub hub that is
// down, and a store swapped while a response is still on the wire. Herald keeps answering from the
// last good store throughout, and quickly.
import { rename, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sources } from '../../src/content/load.ts';
import type { NodeServerOptions } from '../../src/runtime/node/server.ts';
import { articleFile, newsSources, sources } from '../support/fixtures.ts';
import { expectedEtag, rawRequest, readFeed, startTestServer } from '../support/http.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(src: Sources, options: Partial<NodeServerOptions> = {}) {
  const { server, dir, logs, stop } = await startTestServer(src, { watch: true, ...options });
  cleanups.push(stop);
  const titles = async (path = '/feed.json') => {
    const res = await rawRequest(`${server.url}${path}`);
    expect(res.status).toBe(200);
    return readFeed('json', res.body.toString('utf8')).titles;
  };
  return { server, dir, logs, titles };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('the content directory renamed away and back', { timeout: 15_000 }, () => {
  it('keeps answering 200 from the last good store, and picks the directory up again', async () => {
    const { server, dir, logs, titles } = await serve(newsSources());
    const version = server.store().version;
    // The watcher's first load (which fills its reload cache) is done: the rename is then a named change.
    await server.settled();
    await rename(dir, `${dir}-away`);
    await server.settled();
    for (const path of ['/', '/rss.xml', '/atom.xml', '/feed.json', '/articles/2024/alpha', '/feeds.opml']) {
      expect((await rawRequest(`${server.url}${path}`)).status, path).toBe(200);
    }
    expect(server.store().version).toBe(version);
    expect(logs.some((e) => e.level === 'error' && /refused|failed/.test(String(e.msg)))).toBe(true);
    // Edited while away; the edit shows once the directory is back.
    await writeFile(
      join(`${dir}-away`, 'articles/2024/while-away.md'),
      articleFile({ title: 'While away', date: '2024-05-20T00:00:00Z' }),
    );
    await rename(`${dir}-away`, dir);
    await server.settled();
    expect(await titles()).toEqual(['While away', 'Alpha', 'Beta', 'Gamma']);
    // And it is watched again: a later change is seen too.
    await writeFile(join(dir, 'articles/2024/after.md'), articleFile({ title: 'After', date: '2024-05-21T00:00:00Z' }));
    await server.settled();
    expect(await titles()).toEqual(['After', 'While away', 'Alpha', 'Beta', 'Gamma']);
  });
});

describe('a WebSub hub that is down', { timeout: 15_000 }, () => {
  it('delays no response, before or after a reload, while its pings fail and back off', async () => {
    const port = await closedPort();
    const { server, dir, logs, titles } = await serve(newsSources(), { env: { HUB_URL: `http://127.0.0.1:${port}/` } });
    const timed = async (path: string) => {
      const started = performance.now();
      const res = await rawRequest(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      return performance.now() - started;
    };
    const paths = ['/rss.xml', '/atom.xml', '/feed.json', '/tags/politics/rss.xml', '/authors/ann/atom.xml', '/'];
    for (const path of paths) expect(await timed(path), path).toBeLessThan(1000);
    // The hub has been tried and refused the connection (the first attempt is immediate).
    const deadline = Date.now() + 5000;
    while (!logs.some((e) => e.msg === 'websub ping failed') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(logs.some((e) => e.msg === 'websub ping failed')).toBe(true);
    // A reload pings again (and fails again): serving does not wait for it.
    await writeFile(join(dir, 'articles/2024/new.md'), articleFile({ title: 'New', date: '2024-05-20T00:00:00Z' }));
    const started = performance.now();
    await server.settled();
    expect(await titles()).toEqual(['New', 'Alpha', 'Beta', 'Gamma']);
    expect(performance.now() - started).toBeLessThan(2000);
    for (const path of paths) expect(await timed(path), path).toBeLessThan(1000);
    // The feeds advertise the hub all the same.
    const rss = await rawRequest(`${server.url}/rss.xml`);
    expect(rss.headers.link).toContain(`<http://127.0.0.1:${port}/>; rel="hub"`);
  });
});

describe('a store swapped while a response is on the wire', { timeout: 15_000 }, () => {
  it('completes the response with the old store’s bytes', async () => {
    // About 4 MB of feed, so the body is still streaming when the new store comes in.
    const big = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [
        `big/${i}`,
        articleFile(
          { title: `Big ${i}`, date: `2024-05-${String(i + 1).padStart(2, '0')}T00:00:00Z` },
          `${'Long text. '.repeat(18_000)}\n`,
        ),
      ]),
    );
    const { server, dir, titles } = await serve(sources(big), { env: { FEED_MAX_BYTES: '50000000' } });
    const old = await rawRequest(`${server.url}/feed.json`);
    expect(old.body.byteLength).toBeGreaterThan(3_000_000);
    const version = server.store().version;

    const body = await new Promise<{ etag: string; bytes: Buffer }>((resolve, reject) => {
      const req = http.get(`${server.url}/feed.json`, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.once('data', async (first: Buffer) => {
          chunks.push(first);
          res.pause();
          try {
            // Headers and the first bytes are here: swap the store under the rest of the body.
            await writeFile(
              join(dir, 'articles/late.md'),
              articleFile({ title: 'Late', date: '2024-05-30T00:00:00Z' }),
            );
            await server.settled();
            expect(server.store().version).not.toBe(version);
          } catch (error) {
            reject(error);
          }
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ etag: String(res.headers.etag), bytes: Buffer.concat(chunks) }));
          res.resume();
        });
        res.on('error', reject);
      });
      req.on('error', reject);
    });
    expect(body.bytes.equals(old.body)).toBe(true);
    expect(body.etag).toBe(expectedEtag(new Uint8Array(body.bytes)));
    // The next request gets the new store.
    expect((await titles())[0]).toBe('Late');
  });
});
