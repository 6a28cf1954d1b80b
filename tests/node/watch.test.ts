// Watch mode over a real server (WATCH=1): content changes are compiled and swapped in atomically,
// broken content is refused with its full problem list while the last good store keeps serving,
// and a deletion changes exactly the documents that listed the article.
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/app/context.ts';
import type { RunningServer } from '../../src/runtime/node/server.ts';
import { crawl } from '../support/crawl.ts';
import { articleFile, newsSources } from '../support/fixtures.ts';
import { rawRequest, readFeed, startTestServer } from '../support/http.ts';

interface Watched {
  server: RunningServer;
  dir: string;
  logs: LogEntry[];
  titles(path?: string): Promise<string[]>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A WATCH=1 server on a temporary copy of the news store; its compiled cache lives beside it. */
async function watched(): Promise<Watched> {
  const { server, dir, logs, stop } = await startTestServer(newsSources(), { watch: true });
  cleanups.push(stop);
  return {
    server,
    dir,
    logs,
    async titles(path = '/feed.json') {
      const res = await rawRequest(`${server.url}${path}`);
      expect(res.status).toBe(200);
      return readFeed('json', res.body.toString('utf8')).titles;
    },
  };
}

const refusals = (logs: LogEntry[]) => logs.filter((e) => e.level === 'error' && /refused/.test(String(e.msg)));

describe('watch mode', { timeout: 15_000 }, () => {
  it('serves an added article on the next request after settled()', async () => {
    const w = await watched();
    await writeFile(join(w.dir, 'articles/2024/new.md'), articleFile({ title: 'New', date: '2024-05-20T00:00:00Z' }));
    await w.server.settled();
    expect(await w.titles()).toEqual(['New', 'Alpha', 'Beta', 'Gamma']);
  });

  it('picks up edits, new directories and deletions once the watcher names the files (incremental reloads)', async () => {
    const w = await watched();
    // The first settle lets the background warm-up fill the reload cache, so later events take the
    // named-file path rather than a full walk.
    await w.server.settled();
    await writeFile(
      join(w.dir, 'articles/2024/alpha.md'),
      articleFile({ title: 'Alpha 2', date: '2024-03-01T10:00:00Z' }),
    );
    await w.server.settled();
    expect(await w.titles()).toEqual(['Alpha 2', 'Beta', 'Gamma']);
    await mkdir(join(w.dir, 'articles/2025/deep'), { recursive: true });
    await writeFile(join(w.dir, 'articles/2025/deep/fresh.md'), articleFile({ title: 'Fresh', date: '2024-05-30' }));
    await w.server.settled();
    expect(await w.titles()).toEqual(['Fresh', 'Alpha 2', 'Beta', 'Gamma']);
    await rm(join(w.dir, 'articles/2024/beta.md'));
    await w.server.settled();
    expect(await w.titles()).toEqual(['Fresh', 'Alpha 2', 'Gamma']);
  });

  it('refuses broken content, keeps serving the last good store, and logs every problem', async () => {
    const w = await watched();
    const before = w.server.store().version;
    const etag = (await rawRequest(`${w.server.url}/rss.xml`)).headers.etag;
    await writeFile(join(w.dir, 'articles/2024/bad-date.md'), articleFile({ title: 'Bad', date: 'next tuesday' }));
    await writeFile(join(w.dir, 'articles/2024/no-title.md'), articleFile({ title: undefined, colour: 'red' }));
    await w.server.settled();
    expect(w.server.store().version).toBe(before);
    expect((await rawRequest(`${w.server.url}/rss.xml`)).headers.etag).toBe(etag);
    const problems = String(refusals(w.logs).at(-1)?.problems).split('\n');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/articles\/2024\/bad-date\.md: date: /),
        expect.stringMatching(/articles\/2024\/no-title\.md: title: is required/),
        expect.stringMatching(/articles\/2024\/no-title\.md: colour: unknown field/),
      ]),
    );
  });

  it('swaps the store in once the broken article is fixed', async () => {
    const w = await watched();
    const file = join(w.dir, 'articles/2024/fixme.md');
    await writeFile(file, articleFile({ title: 'Fixed', date: 'soon' }));
    await w.server.settled();
    expect(refusals(w.logs)).toHaveLength(1);
    await writeFile(file, articleFile({ title: 'Fixed', date: '2024-05-30T00:00:00Z' }));
    await w.server.settled();
    expect(await w.titles()).toEqual(['Fixed', 'Alpha', 'Beta', 'Gamma']);
    expect(refusals(w.logs)).toHaveLength(1);
  });

  it('removes a deleted article, and every document that did not list it keeps its bytes and ETag', async () => {
    const w = await watched();
    const site = { request: (path: string) => fetch(`${w.server.url}${path}`) };
    const before = await crawl(site);
    await rm(join(w.dir, 'articles/2024/alpha.md'));
    await w.server.settled();
    const after = await crawl(site);
    expect(await w.titles()).toEqual(['Beta', 'Gamma']);
    expect((await rawRequest(`${w.server.url}/articles/2024/alpha`)).status).toBe(404);
    const untouched: string[] = [];
    for (const [path, page] of before) {
      if (page.text.includes('Alpha') || page.text.includes('2024/alpha')) continue;
      const now = after.get(path);
      expect(now?.status, path).toBe(200);
      expect(now?.text, path).toBe(page.text);
      expect(now?.headers.get('etag'), path).toBe(page.headers.get('etag'));
      untouched.push(path);
    }
    expect(untouched).toEqual(
      expect.arrayContaining([
        '/feeds.opml',
        '/style.css',
        '/articles/2024/beta',
        '/articles/2024/gamma',
        '/authors/bo/rss.xml',
        '/authors/desk/atom.xml',
      ]),
    );
  });

  it('ends with the right store when a file is written in two halves', async () => {
    const w = await watched();
    const file = join(w.dir, 'articles/2024/halves.md');
    const text = articleFile({ title: 'Halves', date: '2024-05-25T00:00:00Z', tags: ['politics'] }, 'Whole body.\n');
    const cut = Math.floor(text.length / 2);
    await writeFile(file, text.slice(0, cut));
    await w.server.settled();
    expect(refusals(w.logs).length).toBeGreaterThanOrEqual(1);
    expect(await w.titles()).toEqual(['Alpha', 'Beta', 'Gamma']);
    await appendFile(file, text.slice(cut));
    await w.server.settled();
    expect(await w.titles()).toEqual(['Halves', 'Alpha', 'Beta', 'Gamma']);
    expect(await w.titles('/tags/politics/feed.json')).toEqual(['Halves', 'Alpha', 'Beta']);
  });
});
