// A WordPress site moved end to end: its export imported into an empty store by the real CLI, then
// served by the real Node server from the compiled store. Every post's old permalink and ?p= address,
// every feed address WordPress had, answers 301 to its new place (410 for comment feeds), and a reader
// subscribed to the old /feed/ keeps the same items under the same GUIDs.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixedClock } from '../../src/core/clock.ts';
import type { MigrationReport } from '../../src/import/wordpress-migration.ts';
import type { RunningServer } from '../../src/runtime/node/server.ts';
import { startNodeServer } from '../../src/runtime/node/server.ts';
import { herald, REPO } from '../support/cli.ts';
import { rawRequest, readFeed } from '../support/http.ts';
import { childrenOf, parseXml, textOf, type XmlNode } from '../support/xml.ts';

const EXPORT = join(REPO, 'tests/fixtures/wordpress/export.xml');

let root: string;
let server: RunningServer;
let report: MigrationReport;
let guids: string[];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'herald-wordpress-move-'));
  const content = join(root, 'content');
  const imported = await herald([
    'import',
    'wordpress',
    EXPORT,
    '--content',
    content,
    '--report',
    join(root, 'report.json'),
  ]);
  expect(imported.code, imported.stderr).toBe(0);
  report = JSON.parse(await readFile(join(root, 'report.json'), 'utf8')) as MigrationReport;
  // The guids the old site's feed gave its readers.
  const channel = childrenOf(childrenOf(parseXml(await readFile(EXPORT, 'utf8')), 'rss')[0], 'channel')[0] as XmlNode;
  guids = childrenOf(channel, 'item').map((i) => textOf(childrenOf(i, 'guid')[0]));
  // After every post went live: the export's scheduled post (2031) is published by then.
  server = await startNodeServer({
    contentDir: content,
    compiledPath: join(root, 'store'),
    env: {},
    port: 0,
    host: '127.0.0.1',
    clock: fixedClock('2032-01-01T00:00:00Z'),
    log: () => {},
  });
}, 120_000);
afterAll(async () => {
  await server?.close(500);
  await rm(root, { recursive: true, force: true });
});

const answer = async (path: string) => {
  const res = await rawRequest(`${server.url}${path}`);
  return { status: res.status, location: res.headers.location };
};

describe('a WordPress site imported into an empty store and served', () => {
  it("answers every post's old addresses with 301 to its article", async () => {
    const aliased = report.articles.filter((a) => a.aliases.length > 0);
    expect(aliased.length).toBeGreaterThan(2);
    for (const article of aliased) {
      for (const alias of article.aliases) {
        const { status, location } = await answer(alias);
        expect({ alias, status }).toEqual({ alias, status: 301 });
        expect(location).toMatch(/^https:\/\/blog\.example\.com\/articles\//);
        expect((await rawRequest(`${server.url}${new URL(location as string).pathname}`)).status).toBe(200);
      }
    }
  });

  it('answers the category, tag and author feeds the import redirected, and the ones Herald knows', async () => {
    const site = parse(await readFile(join(root, 'content/site.yaml'), 'utf8')) as {
      redirects: Record<string, string>;
    };
    expect(Object.keys(site.redirects).length).toBeGreaterThan(3);
    for (const [from, to] of Object.entries(site.redirects)) {
      const { status, location } = await answer(from);
      expect({ from, status, location }).toEqual({ from, status: 301, location: `https://blog.example.com${to}` });
      expect((await rawRequest(`${server.url}${to}`)).status, to).toBe(200);
    }
    for (const [from, to] of [
      ['/feed/', '/rss.xml'],
      ['/?feed=rss2', '/rss.xml'],
      ['/feed/atom/', '/atom.xml'],
    ]) {
      expect(await answer(from as string)).toEqual({ status: 301, location: `https://blog.example.com${to}` });
    }
    expect((await answer('/comments/feed/')).status).toBe(410);
  });

  it('keeps a reader of the old /feed/ on the same items, under the guids the old feed gave them', async () => {
    const moved = await answer('/feed/');
    const feed = readFeed(
      'rss',
      (await rawRequest(`${server.url}${new URL(moved.location as string).pathname}`)).body.toString(),
    );
    expect(feed.ids.length).toBe(report.articles.filter((a) => a.outcome === 'written').length);
    for (const id of feed.ids) expect(guids).toContain(id);
  });
});
