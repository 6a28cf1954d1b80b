// WebSub publishing against a real local hub: hub and self links in every format and in the Link
// header, pings for exactly the feeds that changed, retries, a dead hub that never delays serving,
// the go-live timer, topicsGoingLive, and the real `ping` CLI.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import type { Sources } from '../../src/content/load.ts';
import { type Clock, fixedClock } from '../../src/core/clock.ts';
import { startHubSync, syncHub } from '../../src/runtime/node/hub-sync.ts';
import { startNodeServer } from '../../src/runtime/node/server.ts';
import { pingHub, publishTopics } from '../../src/websub/publisher.ts';
import { topicsGoingLive } from '../../src/websub/topics.ts';
import { type CliRun, herald } from '../support/cli.ts';
import { articleFile, NOW, siteYaml, sources, storeOf } from '../support/fixtures.ts';
import { contentDir, FILES, FORMATS, get, movableClock, rawRequest } from '../support/http.ts';
import { closedPort, startHub, type TestHub } from '../support/hub.ts';
import { showSources } from '../support/shows.ts';
import { attrOf, childrenOf, parseXml } from '../support/xml.ts';

const BASE = 'https://news.example.org/';
const GO_LIVE = '2024-07-01T08:00:00Z';

/** Three visible articles (a unicode tag among them), a draft, and one scheduled for GO_LIVE. */
function hubSources(overrides: { betaBody?: string; futureDate?: string } = {}): Sources {
  return sources({
    alpha: articleFile({ title: 'Alpha', date: '2024-03-01T10:00:00Z', tags: ['Politics', 'Asia'], author: 'Ann' }),
    beta: articleFile(
      { title: 'Beta', date: '2024-04-01T10:00:00Z', tags: ['Politics'], author: ['Ann', 'Bo'] },
      overrides.betaBody ?? 'Beta body.\n',
    ),
    gamma: articleFile({ title: 'Gamma', date: '2024-05-01T10:00:00Z', tags: ['Économie'], author: 'Cy' }),
    draft: articleFile({ title: 'Draft', date: '2024-02-01', draft: true, tags: ['secret'], author: 'Ed' }),
    future: articleFile({
      title: 'Future',
      date: overrides.futureDate ?? GO_LIVE,
      tags: ['Politics', 'Future only'],
      author: 'Dee',
    }),
  });
}

/** The three feed URLs of a feed base ("" for the site, "tags/x/", "authors/y/"). */
const topicsOf = (...bases: string[]) => bases.flatMap((b) => FORMATS.map((f) => `${BASE}${b}${FILES[f]}`)).sort();

/** Every feed listed at NOW: the site, tags and authors with a visible article (not draft, not scheduled). */
const LISTED = topicsOf(
  '',
  'tags/asia/',
  'tags/politics/',
  'tags/%C3%A9conomie/',
  'authors/ann/',
  'authors/bo/',
  'authors/cy/',
);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function hub(options: Parameters<typeof startHub>[0] = {}): Promise<TestHub> {
  const h = await startHub(options);
  cleanups.push(() => h.close());
  return h;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-websub-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function contextOf(src: Sources, hubUrl: string, clock: Clock = fixedClock(NOW)) {
  return createApp({ store: await storeOf(src), config: { ...defaultConfig, hub: hubUrl }, clock }).herald;
}

/** Polls `done` every 20 ms until it holds; throws after `timeoutMs`. */
async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The Link header split into rel -> target. */
function linkHeader(value: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (value ?? '').matchAll(/<([^>]*)>\s*;\s*rel="([^"]*)"/g)) out[m[2] as string] = m[1] as string;
  return out;
}

/** hub and self links written in the document itself, per format. */
function documentLinks(format: (typeof FORMATS)[number], text: string): { hub?: string; self?: string } {
  if (format === 'json') {
    const doc = JSON.parse(text) as { feed_url?: string; hubs?: { type: string; url: string }[] };
    expect(doc.hubs?.map((h) => h.type)).toEqual(['WebSub']);
    return { hub: doc.hubs?.[0]?.url, self: doc.feed_url };
  }
  const tree = parseXml(text);
  const links =
    format === 'rss'
      ? childrenOf(childrenOf(childrenOf(tree, 'rss')[0], 'channel')[0], 'atom:link')
      : childrenOf(childrenOf(tree, 'feed')[0], 'link');
  const rel = (r: string) => {
    const found = links.filter((l) => attrOf(l, 'rel') === r);
    expect(found).toHaveLength(1);
    return attrOf(found[0], 'href');
  };
  return { hub: rel('hub'), self: rel('self') };
}

describe('hub discovery (WebSub section 4)', () => {
  const HUB = 'https://hub.example.net/';

  it.each(FORMATS)('puts rel=hub and rel=self in the %s site feed and in its Link header', async (format) => {
    const app = createApp({
      store: await storeOf(hubSources()),
      config: { ...defaultConfig, hub: HUB },
      clock: fixedClock(NOW),
    });
    const res = await get(app, `/${FILES[format]}`);
    expect(res.status).toBe(200);
    const self = `${BASE}${FILES[format]}`;
    expect(documentLinks(format, res.text)).toEqual({ hub: HUB, self });
    expect(linkHeader(res.headers.get('link'))).toEqual({ hub: HUB, self });
  });

  it.each(FORMATS)('gives a unicode tag’s %s feed its own percent-encoded topic URL', async (format) => {
    const app = createApp({
      store: await storeOf(hubSources()),
      config: { ...defaultConfig, hub: HUB },
      clock: fixedClock(NOW),
    });
    const res = await get(app, `/tags/%C3%A9conomie/${FILES[format]}`);
    const self = `${BASE}tags/%C3%A9conomie/${FILES[format]}`;
    expect(documentLinks(format, res.text)).toEqual({ hub: HUB, self });
    expect(linkHeader(res.headers.get('link'))).toEqual({ hub: HUB, self });
  });

  it('sends the Link header on a 304 too, so a conditional poll still discovers the hub', async () => {
    const app = createApp({
      store: await storeOf(hubSources()),
      config: { ...defaultConfig, hub: HUB },
      clock: fixedClock(NOW),
    });
    const first = await get(app, '/atom.xml');
    const again = await get(app, '/atom.xml', { 'if-none-match': first.headers.get('etag') ?? '' });
    expect(again.status).toBe(304);
    expect(linkHeader(again.headers.get('link')).hub).toBe(HUB);
  });

  it('writes no hub link and no Link header without a hub', async () => {
    const app = createApp({ store: await storeOf(hubSources()), config: defaultConfig, clock: fixedClock(NOW) });
    const res = await get(app, '/feed.json');
    expect(res.headers.get('link')).toBeNull();
    expect((JSON.parse(res.text) as { hubs?: unknown }).hubs).toBeUndefined();
  });
});

describe('syncHub', () => {
  it('pings every listed feed on the first run, one form-encoded publish request each', async () => {
    const h = await hub();
    const state = join(await tempDir(), 'websub.json');
    const result = await syncHub(await contextOf(hubSources(), h.url), fixedClock(NOW), state);
    expect(result.topics).toEqual(LISTED);
    expect(h.published()).toEqual(LISTED);
    for (const r of h.requests) {
      expect(r.method).toBe('POST');
      expect(r.contentType).toBe('application/x-www-form-urlencoded');
      expect([...r.form.keys()]).toEqual(['hub.mode', 'hub.url']);
      expect(r.form.get('hub.mode')).toBe('publish');
      expect(r.body).toBe(`hub.mode=publish&hub.url=${encodeURIComponent(r.form.get('hub.url') ?? '')}`);
    }
  });

  it('pings nothing on a second run over the same store', async () => {
    const h = await hub();
    const state = join(await tempDir(), 'websub.json');
    await syncHub(await contextOf(hubSources(), h.url), fixedClock(NOW), state);
    h.reset();
    const again = await syncHub(await contextOf(hubSources(), h.url), fixedClock(NOW), state);
    expect(again.topics).toEqual([]);
    expect(h.requests).toEqual([]);
  });

  it('after an edit pings exactly the site feeds and the feeds of the edited article’s tags and authors', async () => {
    const h = await hub();
    const state = join(await tempDir(), 'websub.json');
    await syncHub(await contextOf(hubSources(), h.url), fixedClock(NOW), state);
    h.reset();
    const edited = hubSources({ betaBody: 'Beta body, corrected.\n' });
    const result = await syncHub(await contextOf(edited, h.url), fixedClock(NOW), state);
    const expected = topicsOf('', 'tags/politics/', 'authors/ann/', 'authors/bo/');
    expect(result.topics).toEqual(expected);
    expect(h.published()).toEqual(expected);
  });

  it('pings every listed feed with all=true even when nothing changed', async () => {
    const h = await hub();
    const state = join(await tempDir(), 'websub.json');
    await syncHub(await contextOf(hubSources(), h.url), fixedClock(NOW), state);
    h.reset();
    await syncHub(await contextOf(hubSources(), h.url), fixedClock(NOW), state, true);
    expect(h.published()).toEqual(LISTED);
  });
});

describe('pingHub and publishTopics', () => {
  it('retries a hub that answers 503 twice and succeeds on the third attempt', async () => {
    const h = await hub({ failFirst: 2 });
    const [result] = await publishTopics([`${BASE}rss.xml`], { hub: h.url, baseDelayMs: 5 });
    expect(result).toEqual({ topic: `${BASE}rss.xml`, ok: true, attempts: 3, status: 204 });
    expect(h.requests.map((r) => r.status)).toEqual([503, 503, 204]);
    expect(new Set(h.requests.map((r) => r.body)).size).toBe(1);
  });

  it('gives up after the configured attempts when the hub keeps failing', async () => {
    const h = await hub({ failFirst: 100 });
    const result = await pingHub(`${BASE}rss.xml`, { hub: h.url, baseDelayMs: 1, attempts: 3 });
    expect(result).toMatchObject({ ok: false, attempts: 3, status: 503 });
    expect(h.requests).toHaveLength(3);
  });

  it('does not retry a 400, and reports the one attempt it made', async () => {
    const h = await hub({ failFirst: 100, failStatus: 400 });
    const result = await pingHub(`${BASE}rss.xml`, { hub: h.url, baseDelayMs: 1, attempts: 3 });
    expect(result).toMatchObject({ ok: false, attempts: 1, status: 400 });
    expect(h.requests).toHaveLength(1);
  });

  it('retries a hub that refuses connections, then gives up without a status', async () => {
    const port = await closedPort();
    const result = await pingHub(`${BASE}rss.xml`, { hub: `http://127.0.0.1:${port}/`, baseDelayMs: 1, attempts: 2 });
    expect(result).toEqual({ topic: `${BASE}rss.xml`, ok: false, attempts: 2 });
  });
});

describe('startNodeServer with a hub', () => {
  it('answers /rss.xml at once while the configured hub is down, and stops retrying on close', async () => {
    const content = await contentDir(hubSources());
    cleanups.push(content.remove);
    const state = join(content.dir, '..', 'websub.json');
    const port = await closedPort();
    const logs: Record<string, unknown>[] = [];
    const server = await startNodeServer({
      contentDir: content.dir,
      compiledPath: join(content.dir, '..', 'store'),
      websubState: state,
      env: { HUB_URL: `http://127.0.0.1:${port}/` },
      port: 0,
      host: '127.0.0.1',
      clock: fixedClock(NOW),
      log: (entry) => logs.push(entry),
    });
    const started = performance.now();
    const res = await rawRequest(`${server.url}/rss.xml`);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
    // The start-up sync is now waiting to retry (1 s, 2 s, 4 s, 8 s); closing abandons it at once.
    await until(() => logs.some((e) => e.msg === 'websub ping failed'), 3000);
    await server.close(500);
    await until(() => existsSync(state), 1000);
    // Nothing reached the hub, so nothing is recorded as announced: the next start tries again.
    expect(JSON.parse(await readFile(state, 'utf8'))).toEqual({});
  });
});

describe('startHubSync', () => {
  it('abandons a retrying hub on stop() and leaves its feeds for the next run', async () => {
    const failing = await hub({ failFirst: 1000 });
    const state = join(await tempDir(), 'websub.json');
    const sync = startHubSync(await contextOf(hubSources(), failing.url), fixedClock(NOW), state);
    sync.trigger();
    await failing.waitFor(1);
    const started = performance.now();
    await sync.stop();
    expect(performance.now() - started).toBeLessThan(500);
    const good = await hub();
    await syncHub(await contextOf(hubSources(), good.url), fixedClock(NOW), state);
    expect(good.published()).toEqual(LISTED);
    // The first batch of pings was under way at stop(); none was tried again, and none came after it.
    const pinged = failing.requests.map((r) => r.form.get('hub.url'));
    expect(pinged.length).toBeGreaterThan(0);
    expect(pinged.length).toBeLessThanOrEqual(4);
    expect(new Set(pinged).size).toBe(pinged.length);
  });

  it('keeps the topics a hub refused in the snapshot’s old state, so the next run retries only those', async () => {
    // The hub refuses the first 4 requests for good (400 is not retried): the first batch of topics.
    const h = await hub({ failFirst: 4, failStatus: 400 });
    const state = join(await tempDir(), 'websub.json');
    const first = await syncHub(await contextOf(hubSources(), h.url), fixedClock(NOW), state);
    const refused = first.results.filter((r) => !r.ok).map((r) => r.topic);
    expect(refused).toHaveLength(4);
    h.reset();
    const second = await syncHub(await contextOf(hubSources(), h.url), fixedClock(NOW), state);
    expect(second.topics).toEqual([...refused].sort());
    expect(h.published()).toEqual([...refused].sort());
  });

  it('pings the feeds of a scheduled article once it goes live', { timeout: 8000 }, async () => {
    const h = await hub();
    const state = join(await tempDir(), 'websub.json');
    const goLive = Date.parse(GO_LIVE);
    // The timer fires at go-live + 1 s by the clock: 1.5 s of real time from here.
    const clock = movableClock(goLive - 500);
    const sync = startHubSync(await contextOf(hubSources(), h.url, clock), clock, state);
    cleanups.push(async () => sync.stop());
    sync.trigger();
    await h.waitFor(LISTED.length);
    expect(h.published()).toEqual(LISTED);
    // Let the initial run finish and arm the timer, then let time pass by the clock.
    await new Promise((r) => setTimeout(r, 300));
    h.reset();
    clock.set(goLive + 1000);
    const expected = topicsOf('', 'tags/politics/', 'tags/future-only/', 'authors/dee/');
    await h.waitFor(expected.length, 4000);
    expect(h.published()).toEqual(expected);
  });
});

describe('topicsGoingLive', () => {
  const live = async (from: string, to: string) =>
    topicsGoingLive(await storeOf(hubSources()), Date.parse(from), Date.parse(to));

  it('lists the site, tag and author feeds of an article that went live in the window', async () => {
    expect(await live('2024-07-01T07:59:00Z', '2024-07-01T08:01:00Z')).toEqual(
      topicsOf('', 'tags/politics/', 'tags/future-only/', 'authors/dee/'),
    );
  });

  it('includes an article that goes live exactly at the end of the window', async () => {
    expect(await live('2024-07-01T07:00:00Z', GO_LIVE)).toContain(`${BASE}tags/future-only/rss.xml`);
  });

  it('excludes an article that went live exactly at the start of the window (the previous run had it)', async () => {
    expect(await live(GO_LIVE, '2024-07-01T09:00:00Z')).toEqual([]);
  });

  it('excludes an article still scheduled after the window', async () => {
    expect(await live('2024-06-01T00:00:00Z', '2024-07-01T07:59:59Z')).toEqual([]);
  });

  it("lists the show's feeds too when an episode goes live", async () => {
    const store = await storeOf(showSources());
    const topics = await topicsGoingLive(store, Date.parse('2024-07-01T05:59:00Z'), Date.parse('2024-07-01T06:01:00Z'));
    expect(topics).toEqual(topicsOf('', 'authors/desk/', 'podcasts/the-briefing/'));
  });

  it('unites the feeds of every article in a wide window, percent-encoding unicode tags', async () => {
    expect(await live('2024-04-15T00:00:00Z', '2024-07-02T00:00:00Z')).toEqual(
      topicsOf('', 'tags/politics/', 'tags/future-only/', 'tags/%C3%A9conomie/', 'authors/dee/', 'authors/cy/').sort(),
    );
  });
});

/** Runs the real `ping` CLI with a temporary cwd (so .herald/ is written there) and content dir. */
function runPing(cwd: string, env: Record<string, string>, args: string[]): Promise<CliRun> {
  return herald(['ping', ...args], { cwd, env });
}

describe('npm run ping (herald ping)', () => {
  // The CLI reads the system clock: the scheduled article lies far in the future so it stays hidden.
  const cliSources = () => hubSources({ futureDate: '2999-01-01T00:00:00Z' });

  it('pings every listed feed with --all and exits 0, writing its state below the cwd', {
    timeout: 30_000,
  }, async () => {
    const h = await hub();
    const cwd = await tempDir();
    const content = await contentDir(cliSources());
    cleanups.push(content.remove);
    const run = await runPing(cwd, { CONTENT_DIR: content.dir, HUB_URL: h.url }, ['--all']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(h.published()).toEqual(LISTED);
    expect(run.stdout).toContain(`${LISTED.length} feed(s) to notify, 0 failed`);
    const snapshot = JSON.parse(await readFile(join(cwd, '.herald/websub.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(snapshot).sort()).toEqual(LISTED);
    expect(existsSync(join(cwd, '.herald/store/store/manifest.json'))).toBe(true);
  });

  it('pings nothing on a second run without --all over unchanged content', { timeout: 30_000 }, async () => {
    const h = await hub();
    const cwd = await tempDir();
    const content = await contentDir(cliSources());
    cleanups.push(content.remove);
    await runPing(cwd, { CONTENT_DIR: content.dir, HUB_URL: h.url }, []);
    h.reset();
    const run = await runPing(cwd, { CONTENT_DIR: content.dir, HUB_URL: h.url }, []);
    expect(run.code).toBe(0);
    expect(h.requests).toEqual([]);
  });

  it('exits 1 and says so when no hub is configured', { timeout: 30_000 }, async () => {
    const cwd = await tempDir();
    const content = await contentDir(cliSources());
    cleanups.push(content.remove);
    const run = await runPing(cwd, { CONTENT_DIR: content.dir }, ['--all']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No hub configured/);
  });

  it('exits 0 quietly with --if-configured when no hub is configured, compiling nothing', {
    timeout: 30_000,
  }, async () => {
    const cwd = await tempDir();
    const content = await contentDir(cliSources());
    cleanups.push(content.remove);
    const run = await runPing(cwd, { CONTENT_DIR: content.dir }, ['--all', '--if-configured']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(existsSync(join(cwd, '.herald'))).toBe(false);
  });

  it('takes SITE_URL and HUB_URL from wrangler.toml [vars] with --workers, as the deployed Worker has them', {
    timeout: 30_000,
  }, async () => {
    const h = await hub();
    const cwd = await tempDir();
    const content = await contentDir(cliSources());
    cleanups.push(content.remove);
    await writeFile(
      join(cwd, 'wrangler.toml'),
      `name = "herald"\n[vars]\nSITE_URL = "https://edge.example.com/"\nHUB_URL = "${h.url}"\n`,
    );
    const run = await runPing(cwd, { CONTENT_DIR: content.dir }, ['--all', '--if-configured', '--workers']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(h.published()).toEqual(LISTED.map((topic) => topic.replace(BASE, 'https://edge.example.com/')));
  });
});

describe('hub from site.yaml', () => {
  it('is used when HUB_URL is not set', async () => {
    const src = { ...hubSources(), 'site.yaml': siteYaml({ hub: 'https://hub.example.com/' }) };
    const app = createApp({ store: await storeOf(src), config: defaultConfig, clock: fixedClock(NOW) });
    expect(linkHeader((await get(app, '/rss.xml')).headers.get('link')).hub).toBe('https://hub.example.com/');
  });
});
