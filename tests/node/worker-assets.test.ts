// The Workers static-assets store: what `npm run build` writes to .herald/assets, read back
// through the real reader (openAssetStore) from the real files, serves every page, feed, archive and
// article byte for byte as the in-memory store does. The Worker itself reads the same files in workerd
// (tests/workers/cross-runtime.test.ts); here the stores are large enough to span many chunks.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { writeAssetDirectory } from '../../src/build/asset-directory.ts';
import { compilerStamp } from '../../src/build/compiler-stamp.ts';
import { writeWorkerAssets } from '../../src/build/worker-assets.ts';
import { castOf, generateSources, REFERENCE_DATE } from '../../src/generate/generate.ts';
import { createPrerendered } from '../../src/runtime/workers/prerendered.ts';
import { assetPlan } from '../../src/storage/assets/files.ts';
import {
  type AssetGroups,
  type AssetManifest,
  CHUNK_SIZE,
  chunkSizeFor,
  GROUP_ROWS_PATH,
  GROUPS_PATH,
  type GroupRecords,
  groupChunkPath,
  groupChunkSizeFor,
  groupPath,
  groupRowPath,
  MANIFEST_PATH,
  MAX_CHUNKS,
  MAX_GROUP_CHUNKS,
  PRERENDERED_PATH,
  type PrerenderedIndex,
  slugBucketCount,
} from '../../src/storage/assets/format.ts';
import { assetStoreOpener, type FetchAsset, openAssetStore } from '../../src/storage/assets/reader.ts';
import {
  createStore,
  type Group,
  lowerBound,
  type MemoryStore,
  type Selector,
  type Store,
} from '../../src/store/store.ts';
import { type Crawled, crawl } from '../support/crawl.ts';
import { articleFile, compile } from '../support/fixtures.ts';
import { movableClock } from '../support/http.ts';
import { HOSTILE_DIR, hostileStore } from '../support/render.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'herald-assets-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Static assets served from a directory, as the ASSETS binding serves them: 404 for a missing file. */
const filesAt =
  (dir: string): FetchAsset =>
  (path) =>
    readFile(join(dir, path)).then(
      (bytes) => new Response(bytes),
      () => new Response('not found', { status: 404 }),
    );

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Everything a crawl from the home page and the OPML list reaches, as one comparable value. */
function snapshot(pages: Map<string, Crawled>) {
  return [...pages.values()].map((p) => ({
    path: p.path,
    status: p.status,
    headers: Object.fromEntries(p.headers),
    text: p.text,
  }));
}

/** The groups of the manifest in `dir` with their own record chunks, and those without. */
async function recordOwners(dir: string) {
  const manifest = JSON.parse(await readFile(join(dir, MANIFEST_PATH), 'utf8')) as AssetManifest;
  const rows = JSON.parse(await readFile(join(dir, GROUP_ROWS_PATH), 'utf8')) as AssetGroups;
  const groups = [...rows.tags, ...rows.authors];
  return { manifest, own: groups.filter((g) => g[7] === 1), shared: groups.filter((g) => g[7] === 0) };
}

async function compare(
  memory: MemoryStore,
  dir: string,
  at: number[],
  items: number,
  records: GroupRecords = 'sparse',
  contentDir?: string,
) {
  await writeWorkerAssets(memory, {
    env: {},
    now: at[0] as number,
    dir,
    records,
    ...(contentDir ? { contentDir } : {}),
  });
  const assets = await openAssetStore(filesAt(dir));
  const clock = movableClock(at[0] as number);
  const config = { ...defaultConfig, items };
  const fromMemory = createApp({ store: memory, config, clock });
  const fromAssets = createApp({ store: assets, config, clock });
  for (const now of at) {
    clock.set(now);
    const expected = snapshot(await crawl(fromMemory, { site: memory.site.url, limit: 20_000 }));
    const actual = snapshot(await crawl(fromAssets, { site: memory.site.url, limit: 20_000 }));
    expect(actual.length).toBeGreaterThan(memory.articles.length);
    expect(actual.length).toBe(expected.length);
    expect(actual).toEqual(expected);
  }
}

const DAY = 86_400_000;
const NOW_MS = REFERENCE_DATE;

/** A generated store, plus scheduled articles and a popular tag spelled three ways: the cases where
 * visibility, counts and names depend on the clock. */
function generatedWithSchedule(n: number) {
  const [popular] = castOf().tags as [string];
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...generateSources(n),
    'articles/zz/soon.md': articleFile({
      title: 'Soon',
      date: iso(REFERENCE_DATE + 10 * DAY),
      tags: [popular.toUpperCase(), 'Only Scheduled'],
      author: 'Nobody Yet',
    }),
    'articles/zz/later.md': articleFile({ title: 'Later', date: iso(REFERENCE_DATE + 300 * DAY) }),
    'articles/zz/old-spelling.md': articleFile({ title: 'Old spelling', date: '2020-02-02', tags: [` ${popular} `] }),
  };
}

/** A generated store's assets written at REFERENCE_DATE into `name`, and a reader that records every
 * path it fetches. Groups read through their positions unless `records` says otherwise. */
async function recordedAssets(name: string, records: GroupRecords = 'none') {
  const memory = createStore(await compile(generatedWithSchedule(2 * CHUNK_SIZE)));
  const dir = join(root, name);
  await writeWorkerAssets(memory, { env: {}, now: REFERENCE_DATE, dir, records });
  const fetched: string[] = [];
  const recording: FetchAsset = (path) => {
    fetched.push(path);
    return filesAt(dir)(path);
  };
  return { memory, recording, fetched };
}

describe('the Workers static-assets store', () => {
  it('serves a generated store across many chunks exactly as the in-memory store does, before and after scheduled articles go live', async () => {
    const memory = createStore(await compile(generatedWithSchedule(3 * CHUNK_SIZE + 5)));
    expect(memory.hidden(REFERENCE_DATE)).toBe(2);
    // Items per page prime to the chunk size, so pages and archives start and end inside chunks.
    const dir = join(root, 'generated');
    await compare(memory, dir, [REFERENCE_DATE, REFERENCE_DATE + 20 * DAY, REFERENCE_DATE + 400 * DAY], 7);
    // Both ways of reading a group's page were taken: the build gave the groups whose entries lie in
    // many chunks their own record chunks, and not the others.
    const { own, shared } = await recordOwners(dir);
    expect(own.length).toBeGreaterThan(0);
    expect(shared.length).toBeGreaterThan(0);
  }, 120_000);

  it('serves every group from its own record chunks, and every group from the list’s chunks, exactly as memory does', async () => {
    const memory = createStore(await compile(generatedWithSchedule(3 * CHUNK_SIZE + 5)));
    for (const records of ['all', 'none'] as const) {
      const dir = join(root, `generated-${records}`);
      // A page of 7 against record chunks of whole 20-item pages: pages start and end inside them.
      await compare(memory, dir, [REFERENCE_DATE, REFERENCE_DATE + 20 * DAY], 7, records);
      const { own, shared } = await recordOwners(dir);
      expect(records === 'all' ? shared : own).toEqual([]);
    }
  }, 120_000);

  it('serves the hostile store (odd slugs, names spelled several ways, control characters) exactly as memory does', async () => {
    const memory = await hostileStore();
    for (const records of ['sparse', 'all'] as const) {
      const at = [Date.parse('2024-06-01T12:00:00Z')];
      await compare(memory, join(root, `hostile-${records}`), at, 3, records, HOSTILE_DIR);
    }
  }, 60_000);

  it('answers an article page for every slug, and 404 for a slug that is not there', async () => {
    const memory = createStore(await compile(generateSources(70)));
    const dir = join(root, 'slugs');
    await writeWorkerAssets(memory, { env: {}, now: NOW_MS, dir });
    const assets = await openAssetStore(filesAt(dir));
    for (const article of memory.articles) expect((await assets.bySlug(article.slug))?.title).toBe(article.title);
    expect(await assets.bySlug('no/such/article')).toBeUndefined();
    expect(await assets.bySlug('__proto__')).toBeUndefined();
  });

  it('lists the same tags and authors as the in-memory store, however the lists are read', async () => {
    const memory = await hostileStore();
    const dir = join(root, 'groups');
    await writeWorkerAssets(memory, { env: {}, now: NOW_MS, dir, contentDir: HOSTILE_DIR });
    const assets = await openAssetStore(filesAt(dir));
    // Before any positions are read, the rows (groups.json, read once) and their heads answer what the
    // lists need: each group's count, name, newest update and next change; a slice needs the positions.
    expect(() => assets.tags.get([...memory.tags.keys()][0] as string)).toThrow(/not read yet/);
    await assets.prepare('lists');
    expect(assets.prepare('lists')).toBeUndefined();
    const listed = (store: Store, selector: Selector) => {
      const { total, name, updated, nextChange } = store.select(selector, NOW_MS);
      return { total, name, updated, nextChange };
    };
    for (const kind of ['tag', 'author'] as const) {
      for (const slug of memory[`${kind}s`].keys()) {
        expect(listed(assets, { kind, slug })).toEqual(listed(memory, { kind, slug }));
      }
    }
    const [big] = [...memory.tags].sort(([, a], [, b]) => b.size - a.size)[0] as [string, Group];
    await expect(assets.select({ kind: 'tag', slug: big }, NOW_MS).slice(0, 1_000)).rejects.toThrow(/not read yet/);
    // One group at a time, from its own file, in a store that never reads them all.
    const single = await openAssetStore(filesAt(dir));
    for (const kind of ['tag', 'author'] as const) {
      for (const [slug, expected] of memory[`${kind}s`]) {
        await single.prepare({ kind, slug });
        const actual = single[`${kind}s`].get(slug) as Group;
        expect([actual.name, Array.from(actual.positions)]).toEqual([expected.name, Array.from(expected.positions)]);
      }
    }
    await assets.prepare();
    const shape = (slug: string, g: Group) => [
      slug,
      g.slug,
      g.name,
      Array.from(g.positions).map((_, i) => g.nameAt(i)),
    ];
    for (const kind of ['tags', 'authors'] as const) {
      const [expected, actual] = [memory[kind], assets[kind]];
      expect(actual.size).toBe(expected.size);
      expect([...actual].map(([slug, g]) => shape(slug, g))).toEqual([...expected].map(([slug, g]) => shape(slug, g)));
      expect([...actual.keys()]).toEqual([...expected.keys()]);
      expect([...actual.values()].map((g) => Array.from(g.positions))).toEqual(
        [...expected.values()].map((g) => Array.from(g.positions)),
      );
      const visited: string[] = [];
      actual.forEach((g, slug, map) => {
        visited.push(`${slug}=${g.slug}:${map === actual}`);
      });
      expect(visited).toEqual([...expected.keys()].map((slug) => `${slug}=${slug}:true`));
      expect(actual.has('__proto__')).toBe(false);
      expect(actual.get('no-such-group')).toBeUndefined();
    }
  });

  it('answers from the manifest and each group’s own positions while the clock is past the build', async () => {
    const { memory, recording, fetched } = await recordedAssets('head');
    const assets = await openAssetStore(recording, { from: REFERENCE_DATE });
    const app = createApp({ store: assets, config: defaultConfig, clock: movableClock(REFERENCE_DATE + 20 * DAY) });
    expect((await crawl(app, { site: memory.site.url, limit: 2_000 })).size).toBeGreaterThan(memory.articles.length);
    // The lists count from the groups' rows; each tag or author feed reads its own positions, once.
    const other = fetched.filter((path) => !/^\/store\/(chunks|slugs)\//.test(path));
    expect(other.filter((path) => !path.startsWith('/store/groups/'))).toEqual([MANIFEST_PATH, GROUP_ROWS_PATH]);
    expect(new Set(other).size).toBe(other.length);
    expect(other.length).toBeGreaterThan(memory.tags.size);
  });

  it('reads a group’s row and positions only for its feeds, once, and the lists count from the rows', async () => {
    const { memory, recording, fetched } = await recordedAssets('lazy-groups');
    const app = createApp({
      store: await openAssetStore(recording, { from: REFERENCE_DATE }),
      config: { ...defaultConfig, items: 5 },
      clock: movableClock(REFERENCE_DATE),
    });
    const groupFiles = () => fetched.filter((path) => path.startsWith('/store/groups'));
    const article = memory.articles[10] as { slug: string };
    for (const path of ['/rss.xml', '/atom.xml?page=2', '/archive/1/feed.json', `/articles/${article.slug}`]) {
      expect((await app.request(path)).status).toBe(200);
    }
    expect(groupFiles()).toEqual([]);
    // Groups are numbered tags first, then authors (storage/assets/format.ts groupPath).
    const [tag] = memory.tags.keys();
    const [author] = memory.authors.keys();
    for (const path of [`/tags/${tag}/rss.xml`, `/tags/${tag}/atom.xml`, `/authors/${author}/feed.json`]) {
      expect((await app.request(path)).status).toBe(200);
    }
    const t = memory.tags.size;
    expect(groupFiles()).toEqual([groupRowPath(0), groupPath(0), groupRowPath(t), groupPath(t)]);
    for (const path of ['/', '/feeds.opml', `/tags/${[...memory.tags.keys()][1]}/rss.xml`]) {
      expect((await app.request(path)).status).toBe(200);
    }
    // The lists read every row at once; tag 1's feed then needs only its positions.
    expect(groupFiles().slice(4)).toEqual([GROUP_ROWS_PATH, groupPath(1)]);
    expect((await app.request('/tags/no-such-tag/rss.xml')).status).toBe(404);
    expect(groupFiles()).toHaveLength(6);
    // Everything at once (WebSub's topic list renders every listed feed): the rows and groups.bin.
    await (await openAssetStore(recording, { from: REFERENCE_DATE })).prepare();
    expect(groupFiles().slice(6)).toEqual([GROUP_ROWS_PATH, GROUPS_PATH]);
  });

  it('reads every row and position once, for its first group feed, when it has no file per group (the Node store)', async () => {
    const memory = createStore(await compile(generatedWithSchedule(2 * CHUNK_SIZE)));
    const dir = join(root, 'no-group-files');
    const plan = assetPlan(memory, {
      siteUrl: null,
      now: REFERENCE_DATE,
      compiler: 'test',
      records: 'none',
      groupFiles: false,
    });
    await writeAssetDirectory(dir, plan.files);
    expect((await allFiles(dir)).filter((file) => file.includes('/store/groups/'))).toEqual([]);
    const fetched: string[] = [];
    const recording: FetchAsset = (path) => {
      fetched.push(path);
      return filesAt(dir)(path);
    };
    const clock = movableClock(REFERENCE_DATE);
    const fromAssets = createApp({
      store: await openAssetStore(recording, { from: REFERENCE_DATE }),
      config: defaultConfig,
      clock,
    });
    const fromMemory = createApp({ store: memory, config: defaultConfig, clock });
    const groupFiles = () => fetched.filter((path) => path.startsWith('/store/groups'));
    expect((await fromAssets.request('/rss.xml')).status).toBe(200);
    expect(groupFiles()).toEqual([]);
    const [tag, other] = memory.tags.keys();
    const [author] = memory.authors.keys();
    for (const path of [
      `/tags/${tag}/rss.xml`,
      `/authors/${author}/feed.json`,
      `/tags/${other}/atom.xml`,
      '/',
      '/feeds.opml',
    ]) {
      const [actual, expected] = await Promise.all([fromAssets.request(path), fromMemory.request(path)]);
      expect(actual.status).toBe(200);
      expect(await actual.text()).toBe(await expected.text());
    }
    expect(groupFiles()).toEqual([GROUP_ROWS_PATH, GROUPS_PATH]);
    clock.set(REFERENCE_DATE + 400 * DAY);
    const late = await crawl(fromAssets, { site: memory.site.url, limit: 20_000 });
    expect(snapshot(late)).toEqual(snapshot(await crawl(fromMemory, { site: memory.site.url, limit: 20_000 })));
  });

  it('reads a page of a group with its own record chunks from its row and those alone: no positions, no list chunk', async () => {
    const { memory, recording, fetched } = await recordedAssets('own-records', 'all');
    const config = { ...defaultConfig, items: 5 };
    const clock = movableClock(REFERENCE_DATE);
    const fromAssets = createApp({ store: await openAssetStore(recording, { from: REFERENCE_DATE }), config, clock });
    const fromMemory = createApp({ store: memory, config, clock });
    const { manifest } = await recordOwners(join(root, 'own-records'));
    // The popular tag, whose newest entry ("soon") is scheduled: its visible entries start past its first.
    const soon = memory.articles.findIndex((a) => a.title === 'Soon');
    const [slug, group] = [...memory.tags].find(([, g]) => g.positions[0] === soon && g.size > 20) as [string, Group];
    const first = lowerBound(group.positions, memory.hidden(REFERENCE_DATE));
    expect(first).toBe(1);
    const path = `/tags/${slug}/atom.xml?page=2`;
    const response = await fromAssets.request(path);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(await (await fromMemory.request(path)).text());
    // A page after the first is a run of whole pages counted from the group's oldest entry: one record chunk.
    const n = [...memory.tags.keys()].indexOf(slug);
    expect(manifest.groupChunkSize).toBe(memory.site.items);
    expect(fetched).toEqual([MANIFEST_PATH, groupRowPath(n), groupChunkPath(n, 0)]);
  });

  it.each(['sparse', 'all'] as const)(
    'reads the full dates for a clock behind the build, and answers then as memory does (group records: %s)',
    async (records) => {
      const memory = createStore(await compile(generatedWithSchedule(2 * CHUNK_SIZE)));
      const dir = join(root, `behind-${records}`);
      // Built after "soon" went live; asked about an instant before it did.
      await writeWorkerAssets(memory, { env: {}, now: REFERENCE_DATE + 20 * DAY, dir, records });
      const headOnly = await openAssetStore(filesAt(dir));
      expect(() => headOnly.hidden(REFERENCE_DATE)).toThrow(RangeError);
      const assets = await openAssetStore(filesAt(dir), { from: REFERENCE_DATE });
      expect(assets.validFrom).toBe(Number.NEGATIVE_INFINITY);
      const clock = movableClock(REFERENCE_DATE);
      const expected = snapshot(
        await crawl(createApp({ store: memory, config: defaultConfig, clock }), {
          site: memory.site.url,
          limit: 2_000,
        }),
      );
      const actual = snapshot(
        await crawl(createApp({ store: assets, config: defaultConfig, clock }), {
          site: memory.site.url,
          limit: 2_000,
        }),
      );
      expect(memory.hidden(REFERENCE_DATE)).toBe(2);
      expect(actual).toEqual(expected);
    },
  );

  it('opens once for a Worker, again for a clock behind its reach, and again after a failed open', async () => {
    const memory = createStore(await compile(generatedWithSchedule(CHUNK_SIZE)));
    const dir = join(root, 'opener');
    await writeWorkerAssets(memory, { env: {}, now: REFERENCE_DATE + 20 * DAY, dir });
    let manifests = 0;
    let failNext = true;
    const storeAt = assetStoreOpener((path) => {
      if (path === MANIFEST_PATH) {
        manifests++;
        if (failNext) {
          failNext = false;
          return Promise.resolve(new Response('unavailable', { status: 503 }));
        }
      }
      return filesAt(dir)(path);
    });
    const later = REFERENCE_DATE + 30 * DAY;
    await expect(storeAt(later)).rejects.toThrow(/manifest\.json: HTTP 503/);
    const first = await storeAt(later);
    expect(await storeAt(later + 1)).toBe(first);
    expect(manifests).toBe(2);
    const behind = await storeAt(REFERENCE_DATE);
    expect(behind).not.toBe(first);
    expect(behind.hidden(REFERENCE_DATE)).toBe(2);
    expect(await storeAt(later)).toBe(behind);
    expect(manifests).toBe(3);
  });

  it('ships no source path of the build machine', async () => {
    const memory = await hostileStore();
    const dir = join(root, 'private');
    await writeWorkerAssets(memory, { env: {}, now: NOW_MS, dir, contentDir: HOSTILE_DIR });
    const sources = memory.articles.map((a) => a.source).filter((s) => s !== '');
    expect(sources.length).toBeGreaterThan(0);
    for (const file of await allFiles(dir)) {
      const text = await readFile(file, 'latin1');
      for (const source of sources) expect(text).not.toContain(source);
    }
  });

  it('writes nothing when the store is unchanged, and rewrites when the site URL or the group records differ', async () => {
    const memory = createStore(await compile(generateSources(40)));
    const dir = join(root, 'rebuild');
    expect(await writeWorkerAssets(memory, { env: {}, now: NOW_MS, dir })).toBeGreaterThan(0);
    const written = (await stat(join(dir, MANIFEST_PATH))).mtimeMs;
    expect(await writeWorkerAssets(memory, { env: {}, now: NOW_MS, dir })).toBe(0);
    expect((await stat(join(dir, MANIFEST_PATH))).mtimeMs).toBe(written);
    expect(
      await writeWorkerAssets(memory, {
        env: { SITE_URL: 'https://elsewhere.example/' },
        now: NOW_MS,
        dir,
      }),
    ).toBeGreaterThan(0);
    expect((await openAssetStore(filesAt(dir))).siteUrl).toBe('https://elsewhere.example/');
    // Another choice of group record chunks is another layout: written again, then kept.
    const env = { SITE_URL: 'https://elsewhere.example/' };
    expect(await writeWorkerAssets(memory, { env, now: NOW_MS, dir, records: 'all' })).toBeGreaterThan(0);
    expect(await writeWorkerAssets(memory, { env, now: NOW_MS, dir, records: 'all' })).toBe(0);
    expect((await recordOwners(dir)).shared).toEqual([]);
  });

  it('writes again when another Herald wrote them (its compiler stamp differs)', async () => {
    const memory = createStore(await compile(generateSources(40)));
    const dir = join(root, 'other-herald');
    await writeWorkerAssets(memory, { env: {}, now: NOW_MS, dir });
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_PATH), 'utf8'));
    expect(manifest.compiler).toBe(compilerStamp('assets'));
    await writeFile(join(dir, MANIFEST_PATH), JSON.stringify({ ...manifest, compiler: 'an-older-herald' }));
    expect(await writeWorkerAssets(memory, { env: {}, now: NOW_MS, dir })).toBeGreaterThan(0);
    expect(await writeWorkerAssets(memory, { env: {}, now: NOW_MS, dir })).toBe(0);
  });

  it('change in one chunk of the list when an article is added, so a redeploy uploads that one', async () => {
    // wrangler deploy uploads the files whose contents it does not have yet: what counts is contents.
    const contents = async (dir: string) => {
      const files = (await allFiles(join(dir, 'store'))).filter((f) => /\/(chunks|records)\//.test(f));
      return Promise.all(
        files.map(async (f) =>
          createHash('sha256')
            .update(await readFile(f))
            .digest('hex'),
        ),
      );
    };
    const base = generateSources(3 * CHUNK_SIZE + 5);
    const before = createStore(await compile(base));
    const after = createStore(
      await compile({
        ...base,
        'articles/zz/breaking.md': articleFile({
          title: 'Breaking',
          date: '2100-01-01T00:00:00Z', // the newest of all, scheduled ones included
          tags: ['Deploy Test'],
          author: 'New Desk',
        }),
      }),
    );
    expect(after.articles[0]?.title).toBe('Breaking');
    const [old, updated] = [join(root, 'deploy-before'), join(root, 'deploy-after')];
    await writeWorkerAssets(before, { env: {}, now: NOW_MS, dir: old });
    await writeWorkerAssets(after, { env: {}, now: NOW_MS, dir: updated });
    const kept = new Set(await contents(updated));
    const gone = (await contents(old)).filter((hash) => !kept.has(hash));
    // Only the newest chunk of the list (when it was not full) changed: the new article joined it. Its
    // tag and author are new, so no record chunk of a group changed.
    expect(gone).toHaveLength(before.articles.length % CHUNK_SIZE === 0 ? 0 : 1);
    // The comparison covered every chunk of the list and some record chunks.
    expect((await contents(old)).length).toBeGreaterThan(Math.ceil(before.articles.length / CHUNK_SIZE));
  });

  it('keeps the file count far below the 20,000-file limit of a Workers deploy', async () => {
    const memory = createStore(await compile(generateSources(10 * CHUNK_SIZE)));
    const dir = join(root, 'count');
    const files = await writeWorkerAssets(memory, { env: {}, now: NOW_MS, dir });
    expect(files).toBe((await allFiles(dir)).length);
    const feeds = 1 + memory.tags.size + memory.authors.size;
    const { manifest, own } = await recordOwners(dir);
    const recordChunks = own.reduce((n, g) => n + Math.ceil(g[3] / manifest.groupChunkSize), 0);
    expect(recordChunks).toBeGreaterThan(0);
    // Six fixed files, one chunk per CHUNK_SIZE articles, the slug buckets, the row and the positions of
    // each tag and author, the record chunks of the sparse groups, the prerendered index, and the home
    // page, the OPML list and three formats of every feed.
    expect(files).toBe(6 + 10 + slugBucketCount(10 * CHUNK_SIZE) + 2 * (feeds - 1) + recordChunks + 1 + 2 + 3 * feeds);
    // However large the store, chunks grow rather than multiply: a million articles make 8,192 of them.
    for (const count of [1, 100_000, 131_072, 131_073, 1_000_000, 5_000_000]) {
      expect(Math.ceil(count / chunkSizeFor(count))).toBeLessThanOrEqual(MAX_CHUNKS);
    }
    expect(chunkSizeFor(100_000)).toBe(CHUNK_SIZE);
    // Record chunks likewise, in whole pages, plus at most one partial chunk per group.
    for (const entries of [1, 100_000, 400_000, 5_000_000]) {
      for (const items of [1, 7, 20, 1000]) {
        const size = groupChunkSizeFor(entries, items);
        expect(size % items).toBe(0);
        expect(Math.ceil(entries / size)).toBeLessThanOrEqual(MAX_GROUP_CHUNKS);
      }
    }
  });

  it('refuses to open a directory without a store, naming the missing file', async () => {
    await expect(openAssetStore(filesAt(join(root, 'nothing-here')))).rejects.toThrow(
      /static asset \/store\/.*HTTP 404/,
    );
  });
});

describe('documents prerendered for the Worker', () => {
  let memory: MemoryStore;
  let dir: string;
  let paths: string[];
  beforeAll(async () => {
    memory = createStore(await compile(generatedWithSchedule(50)));
    dir = join(root, 'prerendered');
    await writeWorkerAssets(memory, { env: {}, now: NOW_MS, dir });
    paths = Object.keys((JSON.parse(await readFile(join(dir, PRERENDERED_PATH), 'utf8')) as PrerenderedIndex).pages);
  });

  const answerOf = async (pending: Response | undefined | Promise<Response>) => {
    const response = await pending;
    if (!response) return undefined;
    return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
  };
  // One app for every comparison, as one isolate would serve them (its render cache included).
  let app: ReturnType<typeof createApp>;
  const fromApp = (path: string, init: RequestInit) => {
    app ??= createApp({ store: memory, config: defaultConfig, clock: () => new Date(NOW_MS) });
    return answerOf(app.request(`https://herald.test${path}`, init));
  };

  it('cover the home page, the OPML list and every format of every listed feed', () => {
    expect(paths).toEqual(expect.arrayContaining(['/', '/feeds.opml', '/rss.xml', '/atom.xml', '/feed.json']));
    const [tag] = [...memory.tags.keys()].filter((slug) => memory.select({ kind: 'tag', slug }, NOW_MS).total > 0);
    expect(paths).toContain(`/tags/${encodeURIComponent(tag as string)}/atom.xml`);
    // A tag only a scheduled article uses is not listed, so it is not prerendered either.
    expect(paths).not.toContain('/tags/only-scheduled/rss.xml');
  });

  it('answer GET, HEAD and conditional requests exactly as the app does', { timeout: 60_000 }, async () => {
    const serve = createPrerendered(filesAt(dir), {});
    for (const path of paths) {
      const first = await fromApp(path, {});
      const etag = first?.headers.etag as string;
      const lastModified = first?.headers['last-modified'] as string;
      for (const init of [
        {},
        { method: 'HEAD' },
        { headers: { 'if-none-match': etag } },
        { headers: { 'if-none-match': `W/${etag}, "other"` } },
        { headers: { 'if-modified-since': lastModified } },
        { headers: { 'if-match': '"nope"' } },
      ] as RequestInit[]) {
        const prerendered = await answerOf(await serve(new Request(`https://herald.test${path}`, init), NOW_MS));
        expect(prerendered).toEqual(await fromApp(path, init));
      }
    }
  });

  it('step aside once a scheduled article has gone live, so the app renders the new visible set', async () => {
    const serve = createPrerendered(filesAt(dir), {});
    const later = REFERENCE_DATE + 20 * DAY;
    expect(memory.hidden(later)).toBeLessThan(memory.hidden(NOW_MS));
    for (const path of ['/rss.xml', '/', '/feeds.opml']) {
      expect(await serve(new Request(`https://herald.test${path}`), later)).toBeUndefined();
    }
  });

  it('step aside for a Worker whose settings differ from the build', async () => {
    expect(await serve(createPrerendered(filesAt(dir), { FEED_ITEMS: '5' }), '/rss.xml')).toBeUndefined();
    expect(
      await serve(createPrerendered(filesAt(dir), { HUB_URL: 'https://hub.example/' }), '/rss.xml'),
    ).toBeUndefined();
    expect(await serve(createPrerendered(filesAt(dir), { LOG_REQUESTS: '1' }), '/rss.xml')).toBeUndefined();
    // Unset and empty are the same setting, and a var the app does not read changes nothing.
    expect(await serve(createPrerendered(filesAt(dir), { FEED_ITEMS: ' ', OTHER: 'x' }), '/rss.xml')).toBeDefined();
  });

  it('leave queries, other methods and other paths to the app', async () => {
    const serve = createPrerendered(filesAt(dir), {});
    for (const [path, method] of [
      ['/rss.xml?page=1', 'GET'],
      ['/rss.xml?utm_source=x', 'GET'],
      ['/rss.xml', 'POST'],
      ['/rss.xml', 'OPTIONS'],
      ['/archive/1/rss.xml', 'GET'],
      ['/__proto__', 'GET'],
      ['/tags/nope/rss.xml', 'GET'],
    ] as const) {
      expect(await serve(new Request(`https://herald.test${path}`, { method }), NOW_MS)).toBeUndefined();
    }
  });

  it('are used once the index can be read again after a failed read', async () => {
    const files = filesAt(dir);
    let failures = 1;
    const flaky: FetchAsset = (path) =>
      path === PRERENDERED_PATH && failures-- > 0
        ? Promise.resolve(new Response('busy', { status: 503 }))
        : files(path);
    const prerendered = createPrerendered(flaky, {});
    expect(await serve(prerendered, '/rss.xml')).toBeUndefined();
    expect((await serve(prerendered, '/rss.xml'))?.status).toBe(200);
  });

  it('are not used without a prerendered index (an older build)', async () => {
    expect(await serve(createPrerendered(filesAt(join(root, 'nothing-here')), {}), '/rss.xml')).toBeUndefined();
  });

  async function serve(prerendered: ReturnType<typeof createPrerendered>, path: string) {
    return prerendered(new Request(`https://herald.test${path}`), NOW_MS);
  }
});
