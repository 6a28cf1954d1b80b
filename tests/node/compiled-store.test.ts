// The compiled store on disk: a restart that reuses it serves exactly the bytes a fresh compile does,
// keeps bodies out of memory, and any change to the sources makes it compile again.
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { fixedClock } from '../../src/clock.ts';
import { defaultConfig } from '../../src/config.ts';
import { createReloadCache, loadCompiledStore } from '../../src/entry/compiled-store.ts';
import type { Article } from '../../src/store/article.ts';
import type { Store } from '../../src/store/store.ts';
import { articleFile, NOW, newsSources } from '../support/fixtures.ts';
import { contentDir } from '../support/http.ts';

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

describe('the compiled store', () => {
  it('serves the same bytes and ETags when reused as when freshly compiled', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const path = join(content.dir, '..', 'compiled', 'store.json');
    const fresh = await loadCompiledStore(content.dir, undefined, { path });
    const reused = await loadCompiledStore(content.dir, undefined, { path });
    expect(fresh.fromCache).toBe(false);
    expect(reused.fromCache).toBe(true);
    expect(await responses(reused.store as Store)).toEqual(await responses(fresh.store as Store));
  });

  it('keeps article bodies out of the in-memory index and reads them from disk', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const path = join(content.dir, '..', 'compiled', 'store.json');
    await loadCompiledStore(content.dir, undefined, { path });
    const { store } = await loadCompiledStore(content.dir, undefined, { path });
    const article = store?.bySlug('2024/alpha');
    expect(article?.html).toBe('');
    expect(store?.body(article as NonNullable<typeof article>)).toContain('<p>');
  });

  it('compiles again when a source file changes', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const path = join(content.dir, '..', 'compiled', 'store.json');
    const first = await loadCompiledStore(content.dir, undefined, { path });
    await appendFile(join(content.dir, 'articles/2024/alpha.md'), '\nOne more line.\n');
    const second = await loadCompiledStore(content.dir, undefined, { path });
    expect(second.fromCache).toBe(false);
    expect(second.store?.version).not.toBe(first.store?.version);
  });

  it('compiles again when an article is added', async () => {
    const content = await contentDir(newsSources());
    cleanup = content.remove;
    const path = join(content.dir, '..', 'compiled', 'store.json');
    await loadCompiledStore(content.dir, undefined, { path });
    await writeFile(join(content.dir, 'articles/2024/delta.md'), articleFile({ title: 'Delta', date: '2024-04-01' }));
    const again = await loadCompiledStore(content.dir, undefined, { path });
    expect(again.fromCache).toBe(false);
    expect(again.store?.bySlug('2024/delta')?.title).toBe('Delta');
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
});
