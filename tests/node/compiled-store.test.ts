// The compiled store on disk: a restart that reuses it serves exactly the bytes a fresh compile does,
// keeps bodies out of memory, and any change to the sources makes it compile again.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readFile, rename, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { createReloadCache, loadCompiledStore, readCompiledStore } from '../../src/build/compiled-store.ts';
import { compilerStamp } from '../../src/build/compiler-stamp.ts';
import { stampManifest, stampSources } from '../../src/build/source-stamp.ts';
import { statMedia, statSources } from '../../src/build/sources.ts';
import type { Article } from '../../src/core/article.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { generateStore } from '../../src/generate/generate.ts';
import { writeStore } from '../../src/generate/write-store.ts';
import {
  ASSET_FORMAT,
  type AssetManifest,
  GROUP_ROWS_PATH,
  groupPath,
  groupRowPath,
  MANIFEST_PATH,
  PRERENDERED_PATH,
} from '../../src/storage/assets/format.ts';
import type { MemoryStore, Store } from '../../src/store/store.ts';
import { articleFile, NOW, newsSources, siteYaml } from '../support/fixtures.ts';
import { contentDir } from '../support/http.ts';

const run = promisify(execFile);

const ROUTES = [
  '/rss.xml',
  '/atom.xml',
  '/feed.json',
  '/tags/politics/rss.xml',
  '/articles/2024/alpha',
  '/',
  '/feeds.opml',
];

async function responses(store: Store) {
  const app = createApp({ store, config: defaultConfig, clock: fixedClock(NOW) });
  const out: Record<string, string> = {};
  for (const route of ROUTES) {
    const response = await app.request(route);
    out[route] = `${response.status} ${response.headers.get('etag')} ${await response.text()}`;
  }
  return out;
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

const at = fixedClock(NOW)().getTime();
const load = (dir: string, path: string, options: { siteUrl?: string } = {}) =>
  loadCompiledStore(dir, options.siteUrl, { path, now: at });

describe('the compiled store', () => {
  it('serves the same bytes and ETags when reused as when freshly compiled', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const path = join(content.dir, '..', 'compiled');
    const fresh = await load(content.dir, path);
    const reused = await load(content.dir, path);
    expect(fresh.fromCache).toBe(false);
    expect(reused.fromCache).toBe(true);
    expect(await responses(reused.store as Store)).toEqual(await responses(fresh.compiled as Store));
  });

  it("is the layout the Worker reads, without the Worker's extras, and holds no article in memory", async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const path = join(content.dir, '..', 'compiled');
    await load(content.dir, path);
    const manifest = JSON.parse(await readFile(join(path, MANIFEST_PATH), 'utf8')) as AssetManifest;
    expect(manifest.format).toBe(ASSET_FORMAT);
    expect(manifest.groupRecords).toBe('none');
    expect(manifest.origin?.contentDir).toBe(content.dir);
    expect(existsSync(join(path, PRERENDERED_PATH))).toBe(false);
    // No file per tag and author: a group's feed reads groups.json and groups.bin (served alike above).
    expect(manifest.groupFiles).toBe(false);
    expect(manifest.tagSlugs.length).toBeGreaterThan(0);
    expect(existsSync(join(path, GROUP_ROWS_PATH))).toBe(true);
    expect(existsSync(join(path, groupRowPath(0)))).toBe(false);
    expect(existsSync(join(path, groupPath(0)))).toBe(false);
    const { store } = await load(content.dir, path);
    // Opened from its manifest: articles are read from its chunks when a page needs them.
    expect(store?.bySlug('2024/alpha')).toBeInstanceOf(Promise);
    expect((await store?.bySlug('2024/alpha'))?.title).toBe('Alpha');
  });

  it('compiles again when a source file changes', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const path = join(content.dir, '..', 'compiled');
    const first = await load(content.dir, path);
    await appendFile(join(content.dir, 'articles/2024/alpha.md'), '\nOne more line.\n');
    const second = await load(content.dir, path);
    expect(second.fromCache).toBe(false);
    expect(second.store?.version).not.toBe(first.store?.version);
  });

  it('reads back the store a compile wrote by its version, even once a source has changed since', async () => {
    // What a server does after its compile process: it serves what that process compiled, as it would
    // had it compiled in memory, and the changed source makes the next start compile again.
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const path = join(content.dir, '..', 'compiled');
    const written = await load(content.dir, path);
    expect(written.saved).toBe(true);
    const version = written.store?.version as string;
    await appendFile(join(content.dir, 'articles/2024/alpha.md'), '\nOne more line.\n');
    const stamp = stampSources(content.dir);
    expect(await readCompiledStore(content.dir, undefined, { path, stamp, now: at })).toBeUndefined();
    const read = await readCompiledStore(content.dir, undefined, { path, version, now: at });
    expect(read?.version).toBe(version);
    expect(await responses(read as Store)).toEqual(await responses(written.store as Store));
    expect(await readCompiledStore(content.dir, undefined, { path, version: 'another', now: at })).toBeUndefined();
    expect(
      await readCompiledStore(content.dir, 'https://elsewhere.example/', { path, version, now: at }),
    ).toBeUndefined();
  });

  it('compiles again when an article is added', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const path = join(content.dir, '..', 'compiled');
    await load(content.dir, path);
    await writeFile(join(content.dir, 'articles/2024/delta.md'), articleFile({ title: 'Delta', date: '2024-04-01' }));
    const again = await load(content.dir, path);
    expect(again.fromCache).toBe(false);
    expect((await again.store?.bySlug('2024/delta'))?.title).toBe('Delta');
  });
});

describe('a compiled store replaced under a server reading it', () => {
  it('fails a new read, naming the fix, rather than mixing the two stores in one page', async () => {
    const content = await contentDir(newsSources());
    const root = await mkdtemp(join(tmpdir(), 'herald-replaced-'));
    cleanup = async () => {
      await content.remove();
      await rm(root, { recursive: true, force: true });
    };
    const path = join(root, 'store');
    const first = await load(content.dir, path);
    const served = first.store as Store;
    // Another build over the same directory (`herald build` beside a running server), of other content.
    await writeFile(join(content.dir, 'articles/2024/alpha.md'), articleFile({ title: 'Alpha, rebuilt' }));
    const second = await load(content.dir, path);
    expect(second.fromCache).toBe(false);
    await expect(served.bySlug('2024/alpha')).rejects.toThrow(
      /was replaced by another build while this server reads it; restart the server/,
    );
    expect((await second.store?.bySlug('2024/alpha'))?.title).toBe('Alpha, rebuilt');
  });
});

/** Every article of a store (newest first) as a page of it reads it, with its body. */
async function articlesOf(store: Store) {
  const articles = await store.select({ kind: 'all' }, Number.POSITIVE_INFINITY).slice(0, store.count);
  return articles.map((article) => {
    const { html: _html, source: _source, aliases: _aliases, ...rest } = article;
    return { ...rest, html: store.body(article) };
  });
}

/** A temporary directory for a compiled store of a fixture directory the test does not modify. */
async function compiledDir() {
  const dir = await mkdtemp(join(tmpdir(), 'herald-compiled-'));
  cleanup = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'store');
  return { path, manifest: join(path, MANIFEST_PATH) };
}

const HOSTILE = new URL('../fixtures/stores/hostile', import.meta.url).pathname;
const WORKER = new URL('../fixtures/stores/worker', import.meta.url).pathname;

describe('the compiled store of the hostile fixture', () => {
  it('reads back every field of every article, bodies included, and the site and version', async () => {
    const { path } = await compiledDir();
    const compiled = await loadCompiledStore(HOSTILE, undefined, { write: false });
    await load(HOSTILE, path);
    const reused = await load(HOSTILE, path);
    expect(reused.fromCache).toBe(true);
    expect(await articlesOf(reused.store as Store)).toEqual(await articlesOf(compiled.store as Store));
    expect(reused.store?.site).toEqual(compiled.store?.site);
    expect(reused.store?.version).toBe(compiled.store?.version);
  });

  it('serves the same bytes and ETags when reused as when compiled in memory', async () => {
    const { path } = await compiledDir();
    const compiled = await loadCompiledStore(HOSTILE, undefined, { write: false });
    await load(HOSTILE, path);
    const reused = await load(HOSTILE, path);
    expect(await responses(reused.store as Store)).toEqual(await responses(compiled.store as Store));
  });

  it('compiles again when the manifest is damaged, and serves what a fresh compile serves', async () => {
    const { path, manifest } = await compiledDir();
    // Read before the store is compiled again over it: the fresh store's directory is the one replaced.
    const fresh = await responses((await load(HOSTILE, path)).store as Store);
    await truncate(manifest, (await stat(manifest)).size - 10);
    const again = await load(HOSTILE, path);
    expect(again.fromCache).toBe(false);
    expect(await responses(again.store as Store)).toEqual(fresh);
  });

  it('compiles again when another Herald compiled it (its compiler stamp differs)', async () => {
    const { path, manifest } = await compiledDir();
    await load(HOSTILE, path);
    expect((await load(HOSTILE, path)).fromCache).toBe(true);
    const json = JSON.parse(await readFile(manifest, 'utf8')) as AssetManifest;
    expect(json.compiler).toBe(compilerStamp('store'));
    await writeFile(manifest, JSON.stringify({ ...json, compiler: '0'.repeat(16) }));
    expect((await load(HOSTILE, path)).fromCache).toBe(false);
  });

  it('compiles again when the manifest is not a manifest at all, or gone', async () => {
    const { path, manifest } = await compiledDir();
    await load(HOSTILE, path);
    await writeFile(manifest, '{"compiled":');
    expect((await load(HOSTILE, path)).fromCache).toBe(false);
    await rm(manifest);
    expect((await load(HOSTILE, path)).fromCache).toBe(false);
  });

  it('compiles again when a source keeps its size but gets another modification time', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const path = join(content.dir, '..', 'compiled');
    await load(content.dir, path);
    const file = join(content.dir, 'articles/2024/alpha.md');
    const { size, mtime } = await stat(file);
    await utimes(file, mtime, new Date(mtime.getTime() - 60_000));
    expect((await stat(file)).size).toBe(size);
    expect((await load(content.dir, path)).fromCache).toBe(false);
  });

  it('compiles again when an article is removed', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const path = join(content.dir, '..', 'compiled');
    await load(content.dir, path);
    await rm(join(content.dir, 'articles/2024/gamma.md'));
    const again = await load(content.dir, path);
    expect(again.fromCache).toBe(false);
    expect(await again.store?.bySlug('2024/gamma')).toBeUndefined();
  });
});

describe('the stamp of the sources', () => {
  it('is the stamp of the manifest that watch mode keeps', async () => {
    expect(stampSources(HOSTILE)).toEqual(stampManifest(await statSources(HOSTILE)));
  });

  it('lists on its walk the media files statMedia lists, so a build walks the folders once', async () => {
    for (const dir of [HOSTILE, WORKER]) {
      const media = {};
      stampSources(dir, media);
      expect(Object.keys(media).length).toBeGreaterThan(0);
      expect(media).toEqual(statMedia(dir));
    }
  });

  it('counts site.yaml and every article', async () => {
    expect(stampSources(HOSTILE).count).toBe(Object.keys(await statSources(HOSTILE)).length);
  });

  it('changes when only a modification time changes', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const before = stampSources(content.dir);
    const file = join(content.dir, 'articles/2024/beta.md');
    const { mtime } = await stat(file);
    await utimes(file, mtime, new Date(mtime.getTime() + 1000));
    expect(stampSources(content.dir)).not.toEqual(before);
  });

  it('changes when a file moves to another directory', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const file = join(content.dir, 'articles/2024/beta.md');
    const { mtime } = await stat(file);
    const before = stampSources(content.dir);
    await mkdir(join(content.dir, 'articles/2025'));
    await rename(file, join(content.dir, 'articles/2025/beta.md'));
    await utimes(join(content.dir, 'articles/2025/beta.md'), mtime, mtime);
    expect(stampSources(content.dir)).not.toEqual(before);
  });
});

describe('reloading with a cache (watch mode)', () => {
  it('recompiles only the changed article and reuses the others as they were', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const cache = createReloadCache();
    const first = await loadCompiledStore(content.dir, undefined, { write: false, reload: cache });
    await appendFile(join(content.dir, 'articles/2024/alpha.md'), '\nOne more line.\n');
    const second = await loadCompiledStore(content.dir, undefined, { write: false, reload: cache });
    expect(second.store?.bySlug('2024/beta')).toBe(first.store?.bySlug('2024/beta'));
    expect(second.store?.bySlug('2024/alpha')).not.toBe(first.store?.bySlug('2024/alpha'));
    expect(second.store?.body(second.store.bySlug('2024/alpha') as Article)).toContain('One more line.');
  });

  it('gives the same version as a load without a cache', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const cache = createReloadCache();
    await loadCompiledStore(content.dir, undefined, { write: false, reload: cache });
    await appendFile(join(content.dir, 'articles/2024/gamma.md'), '\nEdited.\n');
    const cached = await loadCompiledStore(content.dir, undefined, { write: false, reload: cache });
    const plain = await loadCompiledStore(content.dir, undefined, { write: false });
    expect(cached.store?.version).toBe(plain.store?.version);
  });

  it('reloads named files to the store a load without a cache gives, whatever the edits', async () => {
    // The watcher names the files it saw change, and a reload reads and checks only those again (the edit-to-served target:
    // an edit served within 200 ms at 10,000 articles). Whatever the edits, the store must be the one a
    // plain load of the same files gives: adds, removals, slugs differing in case, shared ids, drafts,
    // broken frontmatter, site.yaml, saves through a temporary file, a stray non-article file and a folder
    // of articles renamed included.
    const slugs = ['2024/alpha', '2024/beta', '2024/Alpha', '2025/delta', '2025/epsilon'];
    const via = fc.constantFrom('direct' as const, 'rename' as const);
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('write' as const),
        slug: fc.constantFrom(...slugs),
        via,
        title: fc.constantFrom('One', 'Two', 'Three'),
        date: fc.constantFrom('2024-03-01T10:00:00Z', '2023-01-01', 'not a date'),
        tags: fc.subarray(['Politics', 'politics', 'Asia', 'Éire']),
        id: fc.constantFrom(undefined, 'urn:shared'),
        draft: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('remove' as const), slug: fc.constantFrom(...slugs) }),
      fc.record({ kind: fc.constant('site' as const), via, title: fc.constantFrom('Herald', 'Other News') }),
      fc.record({ kind: fc.constant('stray' as const), present: fc.boolean() }),
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('folder' as const), away: fc.boolean() }) },
    );
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const cache = createReloadCache();
    await loadCompiledStore(content.dir, undefined, { write: false, reload: cache });
    let mtime = Date.now() / 1000;
    const summary = async (loaded: Awaited<ReturnType<typeof loadCompiledStore>>) => ({
      problems: loaded.problems,
      version: loaded.store?.version,
      articles: JSON.stringify((loaded.compiled as MemoryStore | undefined)?.articles),
      groups: [...(loaded.store?.tags.values() ?? []), ...(loaded.store?.authors.values() ?? [])].map(
        (g) => `${g.slug} ${g.name} ${Array.from(g.positions).join(',')}`,
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 4 }), async (ops) => {
        // What fs.watch names: each file written, created or removed, and a folder created or renamed.
        const named = new Set<string>();
        const at = (path: string) => join(content.dir, path);
        const save = async (path: string, text: string, how: 'direct' | 'rename') => {
          if (!existsSync(at(dirname(path)))) {
            await mkdir(at(dirname(path)), { recursive: true });
            named.add(dirname(path));
          }
          const written = how === 'rename' ? `${path}.tmp` : path;
          await writeFile(at(written), text);
          // A new mtime each write: size and mtime are what tells a reload a file changed.
          mtime += 1;
          await utimes(at(written), mtime, mtime);
          if (how === 'rename') await rename(at(written), at(path));
          named.add(written).add(path);
        };
        for (const o of ops) {
          if (o.kind === 'write') {
            const { kind, slug, via: how, ...fields } = o;
            await save(`articles/${slug}.md`, articleFile(fields), how);
          } else if (o.kind === 'remove') {
            await rm(at(`articles/${o.slug}.md`), { force: true });
            named.add(`articles/${o.slug}.md`);
          } else if (o.kind === 'site') {
            await save('site.yaml', siteYaml({ title: o.title }), o.via);
          } else if (o.kind === 'stray') {
            if (o.present) await save('articles/2024/notes.txt', 'not an article', 'direct');
            else await rm(at('articles/2024/notes.txt'), { force: true });
            named.add('articles/2024/notes.txt');
          } else {
            // A folder renamed, or moved out of the content directory and back: only its name is told.
            const outside = join(content.dir, '..', 'away');
            const present = ['articles/2025', 'articles/2026'].filter((f) => existsSync(at(f)));
            const move = async (from: string, to: string, ...names: string[]) => {
              await rename(from, to);
              for (const name of names) named.add(name);
            };
            const [one, two] = present;
            if (o.away && one && !existsSync(outside)) await move(at(one), outside, one);
            else if (o.away && !one && existsSync(outside)) await move(outside, at('articles/2025'), 'articles/2025');
            else if (!o.away && one && !two) {
              const other = one === 'articles/2025' ? 'articles/2026' : 'articles/2025';
              await move(at(one), at(other), one, other);
            }
          }
        }
        cache.changed = named;
        const reloaded = await summary(
          await loadCompiledStore(content.dir, undefined, { write: false, reload: cache }),
        );
        const plain = await summary(await loadCompiledStore(content.dir, undefined, { write: false }));
        expect(reloaded).toEqual(plain);
      }),
      { numRuns: 50 },
    );
  });

  it('reads only the named file when it is saved through a temporary file', async () => {
    // A save as `x.md.tmp` renamed over `x.md` names both; the temporary name must not make the reload
    // walk the store (~130 ms at 10,000 articles). A file changed without being named shows whether it did.
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const cache = createReloadCache();
    await loadCompiledStore(content.dir, undefined, { write: false, reload: cache });
    await writeFile(join(content.dir, 'articles/2024/beta.md'), articleFile({ title: 'Unnamed change' }));
    await utimes(join(content.dir, 'articles/2024/beta.md'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    const alpha = join(content.dir, 'articles/2024/alpha.md');
    await writeFile(`${alpha}.tmp`, articleFile({ title: 'Saved through a temporary file' }));
    await rename(`${alpha}.tmp`, alpha);
    cache.changed = new Set(['articles/2024/alpha.md.tmp', 'articles/2024/alpha.md']);
    const reloaded = await loadCompiledStore(content.dir, undefined, { write: false, reload: cache });
    expect((reloaded.compiled as MemoryStore).bySlug('2024/alpha')?.title).toBe('Saved through a temporary file');
    expect((reloaded.compiled as MemoryStore).bySlug('2024/beta')?.title).toBe('Beta');
    // An event without a name walks everything, and finds the other change.
    cache.changed = undefined;
    cache.manifest = undefined;
    const walked = await loadCompiledStore(content.dir, undefined, { write: false, reload: cache });
    expect((walked.compiled as MemoryStore).bySlug('2024/beta')?.title).toBe('Unnamed change');
  });

  it('walks the store again when a folder of articles is moved out of the content directory', async () => {
    // inotify names the folder alone: its articles must leave the store all the same.
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const cache = createReloadCache();
    const before = await loadCompiledStore(content.dir, undefined, { write: false, reload: cache });
    expect(before.store?.bySlug('2024/alpha')).toBeDefined();
    await rename(join(content.dir, 'articles/2024'), join(content.dir, '..', 'moved-2024'));
    cache.changed = new Set(['articles/2024']);
    const after = await loadCompiledStore(content.dir, undefined, { write: false, reload: cache });
    const plain = await loadCompiledStore(content.dir, undefined, { write: false });
    expect(after.store?.bySlug('2024/alpha')).toBeUndefined();
    expect(after.store?.version).toBe(plain.store?.version);
  });

  it('reads every source when there are more than the process may have open at once', async () => {
    // A first reload of 100,000 articles once opened them all before reading any, and lost what hit
    // EMFILE (site.yaml included). Here: 300 articles under a limit of 64 descriptors.
    const dir = await mkdtemp(join(tmpdir(), 'herald-fds-'));
    cleanup = () => rm(dir, { recursive: true, force: true });
    await writeStore(dir, generateStore(300));
    const script = [
      `const { createReloadCache, loadCompiledStore } = await import(${JSON.stringify(new URL('../../src/build/compiled-store.ts', import.meta.url).href)});`,
      `const loaded = await loadCompiledStore(${JSON.stringify(dir)}, undefined, { write: false, reload: createReloadCache() });`,
      'console.log(JSON.stringify({ problems: loaded.problems, version: loaded.store?.version }));',
    ].join('\n');
    const { stdout } = await run('sh', [
      '-c',
      `ulimit -n 64 && exec "$0" --import tsx --input-type=module --eval "$1"`,
      process.execPath,
      script,
    ]);
    const plain = await loadCompiledStore(dir, undefined, { write: false });
    expect(JSON.parse(stdout)).toEqual({ problems: [], version: plain.store?.version });
  });
});
