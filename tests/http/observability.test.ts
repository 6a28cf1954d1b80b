// What operators see: /healthz, /readyz, and one JSON log line per request when LOG_REQUESTS=1.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import type { LogEntry } from '../../src/app/context.ts';
import { appOf, articleFile, extrasSources, NOW, newsSources, storeOf } from '../support/fixtures.ts';
import { movableClock } from '../support/http.ts';

async function appWithLog(logRequests: boolean, clock = movableClock(NOW)) {
  const entries: LogEntry[] = [];
  const app = createApp({
    store: await storeOf(newsSources()),
    config: { ...defaultConfig, logRequests },
    clock,
    log: (entry) => entries.push(entry),
  });
  return { app, entries };
}

describe('/healthz', () => {
  it('reports a version and counts only published articles, uncached', async () => {
    const { app } = await appWithLog(false);
    const response = await app.request('/healthz');
    const body = (await response.json()) as { status: string; version: string; articles: number };
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^[0-9a-f]{32}$/);
    // newsSources: three published articles, one draft (dropped at load), one scheduled for July.
    expect(body.articles).toBe(3);
  });

  it('counts a scheduled article once it is published', async () => {
    const clock = movableClock(NOW);
    const { app } = await appWithLog(false, clock);
    clock.set('2024-07-02T00:00:00Z');
    const body = (await (await app.request('/healthz')).json()) as { articles: number };
    expect(body.articles).toBe(4);
  });

  it('keeps its version when a draft or a scheduled article is saved, and changes it with a published one', async () => {
    const version = async (edit: (src: ReturnType<typeof newsSources>) => void, at = NOW) => {
      const src = newsSources();
      edit(src);
      const app = await appOf(src, { clock: movableClock(at) });
      return ((await (await app.request('/healthz')).json()) as { version: string }).version;
    };
    const base = await version(() => {});
    const edits: Record<string, (src: ReturnType<typeof newsSources>) => void> = {
      'a draft edited': (src) => {
        src['articles/2024/draft.md'] = articleFile({ title: 'Draft, reworded', date: '2024-01-01', draft: true });
      },
      'a draft added': (src) => {
        src['articles/2024/new-draft.md'] = articleFile({ title: 'New', date: '2024-01-02', draft: true });
      },
      'a scheduled article edited': (src) => {
        src['articles/2024/future.md'] = articleFile({ title: 'Future, reworded', date: '2024-07-01T08:00:00Z' });
      },
      'an article scheduled': (src) => {
        src['articles/2024/later.md'] = articleFile({ title: 'Later', date: '2025-01-01T00:00:00Z', tags: ['x'] });
      },
    };
    for (const [what, edit] of Object.entries(edits)) expect(await version(edit), what).toBe(base);
    expect(
      await version((src) => {
        src['articles/2024/alpha.md'] = articleFile({ title: 'Alpha, corrected', date: '2024-03-01T10:00:00Z' });
      }),
    ).not.toBe(base);
    // The scheduled article going live changes it too.
    expect(await version(() => {}, '2024-07-02T00:00:00Z')).not.toBe(base);
  });

  it('changes its version when a media file beside the articles is replaced, as the store version does', async () => {
    const read = async (cover: string) => {
      const src = extrasSources();
      src['articles/cover.jpg'] = cover;
      const store = await storeOf(src);
      const app = createApp({ store, config: defaultConfig, clock: movableClock(NOW) });
      return {
        store: store.version,
        visible: ((await (await app.request('/healthz')).json()) as { version: string }).version,
      };
    };
    const before = await read('not a real JPEG');
    // The same size, other bytes: only its digest (its ETag) differs.
    const after = await read('not a real JPEG'.toUpperCase());
    expect(after.store).not.toBe(before.store);
    expect(after.visible).not.toBe(before.visible);
    expect(await read('not a real JPEG')).toEqual(before);
  });

  it('answers other methods with 405 and Allow', async () => {
    const { app } = await appWithLog(false);
    const response = await app.request('/healthz', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('/readyz', () => {
  it('says ready once the app serves a store, uncached, and refuses other methods', async () => {
    const { app } = await appWithLog(false);
    const response = await app.request('/readyz');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ ready: true });
    expect((await app.request('/readyz', { method: 'HEAD' })).status).toBe(200);
    const post = await app.request('/readyz', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toMatch(/GET/);
  });
});

describe('request logs', () => {
  it('are quiet by default', async () => {
    const { app, entries } = await appWithLog(false);
    await app.request('/rss.xml');
    expect(entries).toEqual([]);
  });

  it('log one line per request with method, path, status, bytes, duration, 304 and cache hit', async () => {
    const { app, entries } = await appWithLog(true);
    const first = await app.request('/rss.xml');
    const etag = first.headers.get('etag') as string;
    await app.request('/rss.xml', { headers: { 'if-none-match': etag } });
    await app.request('/nope');
    expect(entries).toHaveLength(3);
    const [miss, hit, missing] = entries;
    expect(miss).toMatchObject({ method: 'GET', path: '/rss.xml', status: 200, notModified: false, cacheHit: false });
    expect(miss?.bytes).toBe(Number(first.headers.get('content-length')));
    expect(typeof miss?.ms).toBe('number');
    expect(hit).toMatchObject({ path: '/rss.xml', status: 304, notModified: true, cacheHit: true });
    expect(missing).toMatchObject({ path: '/nope', status: 404 });
    expect(JSON.parse(JSON.stringify(miss))).toEqual(miss);
  });
});
