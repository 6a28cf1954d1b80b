// A `herald build` over the compiled store of a running Node server: the server, on a real socket,
// notices the swapped directory and serves the new store when it is of its content and settings (no 500
// until a restart), and keeps what it serves, warning, when it is not.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { LogEntry } from '../../src/app/context.ts';
import { loadCompiledStore } from '../../src/build/compiled-store.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { startNodeServer } from '../../src/runtime/node/server.ts';
import { articleFile, NOW, newsSources } from '../support/fixtures.ts';
import { contentDir } from '../support/http.ts';

const at = fixedClock(NOW)().getTime();

/** A server in this process over a copy of newsSources, on the store a build compiled beside it. */
async function serving() {
  const content = await contentDir(newsSources());
  const path = join(content.dir, '..', 'store');
  await loadCompiledStore(content.dir, undefined, { path, now: at });
  const entries: LogEntry[] = [];
  const server = await startNodeServer({
    contentDir: content.dir,
    compiledPath: path,
    env: {},
    port: 0,
    host: '127.0.0.1',
    clock: fixedClock(NOW),
    log: (entry) => entries.push(entry),
  });
  onTestFinished(async () => {
    await server.close(1000);
    await content.remove();
  });
  const get = async (route: string) => {
    const response = await fetch(`${server.url}${route}`);
    return { status: response.status, text: await response.text() };
  };
  return { content, path, server, entries, get };
}

/** Polls until `done` holds (a watcher's event comes when the system delivers it), for at most 15 s. */
async function until(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('a build over the store a Node server serves', { timeout: 30_000 }, () => {
  it('is served once it is swapped in: new content, every page, no restart', async () => {
    const { content, path, server, entries, get } = await serving();
    expect((await get('/rss.xml')).text).toContain('<title>Alpha</title>');
    const before = JSON.parse((await get('/healthz')).text) as { version: string };
    await writeFile(
      join(content.dir, 'articles/2024/alpha.md'),
      articleFile({ title: 'Alpha, rebuilt', date: '2024-03-01T10:00:00Z', tags: ['politics', 'asia'] }),
    );
    const built = await loadCompiledStore(content.dir, undefined, { path, now: at });
    expect(built.fromCache).toBe(false);
    await until(async () => (await get('/rss.xml')).text.includes('Alpha, rebuilt'));
    await server.settled();
    expect(server.store().version).toBe(built.store?.version);
    expect(entries.some((e) => e.msg === 'store replaced by a build: serving it')).toBe(true);
    // Pages never rendered before read the new directory: none answers 500.
    for (const route of ['/articles/2024/alpha', '/articles/2024/beta', '/tags/politics/atom.xml', '/feed.json', '/']) {
      expect((await get(route)).status, route).toBe(200);
    }
    expect((await get('/articles/2024/alpha')).text).toContain('Alpha, rebuilt');
    expect(JSON.parse((await get('/healthz')).text).version).not.toBe(before.version);
  });

  it('is not served when it was compiled with another site URL: the server keeps its own, and says so', async () => {
    const { content, path, server, entries, get } = await serving();
    const served = server.store();
    expect((await get('/rss.xml')).status).toBe(200);
    await loadCompiledStore(content.dir, 'https://elsewhere.example.org/', { path, now: at });
    await until(async () =>
      entries.some((e) => e.level === 'warn' && /replaced by a store of other content/.test(String(e.msg))),
    );
    expect(server.store()).toBe(served);
    // What it rendered before is still served, from memory.
    expect((await get('/rss.xml')).status).toBe(200);
  });
});
