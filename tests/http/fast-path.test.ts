// The Node fast path answers a repeat request exactly as the Hono route does, and only when it can.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { compressNode } from '../../src/runtime/node/compress.ts';
import { NOW, newsSources, storeOf } from '../support/fixtures.ts';
import { movableClock } from '../support/http.ts';

async function newApp(clock = movableClock(NOW)) {
  return createApp({ store: await storeOf(newsSources()), config: defaultConfig, clock, compress: compressNode });
}

const headersOf = (response: Response) => Object.fromEntries(response.headers);
const source = (headers: Record<string, string> = {}) => new Headers(headers);

describe('fast path', () => {
  it('answers nothing for a URL no request has rendered yet', async () => {
    const app = await newApp();
    expect(app.fastPath('GET', '/rss.xml', source())).toBeUndefined();
  });

  it('answers a repeat GET with the status, headers and bytes of the route', async () => {
    const app = await newApp();
    const first = await app.request('/rss.xml');
    const fast = app.fastPath('GET', '/rss.xml', source());
    expect(fast?.status).toBe(200);
    expect(fast?.headers).toEqual(headersOf(first));
    expect(fast?.body).toEqual(new Uint8Array(await first.arrayBuffer()));
  });

  it('answers a conditional repeat with the same 304 as the route', async () => {
    const app = await newApp();
    const etag = (await app.request('/atom.xml')).headers.get('etag') as string;
    const routed = await app.request('/atom.xml', { headers: { 'if-none-match': etag } });
    const fast = app.fastPath('GET', '/atom.xml', source({ 'if-none-match': `W/${etag}` }));
    expect(routed.status).toBe(304);
    expect(fast?.status).toBe(304);
    expect(fast?.body).toBeNull();
    expect(fast?.headers).toEqual(headersOf(routed));
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const app = await newApp();
    await app.request('/feed.json');
    const get = app.fastPath('GET', '/feed.json', source());
    const head = app.fastPath('HEAD', '/feed.json', source());
    expect(head?.headers).toEqual(get?.headers);
    expect(head?.body).toBeNull();
  });

  it('falls through once a scheduled article goes live, so the route renders the new visible set', async () => {
    const clock = movableClock(NOW);
    const app = await newApp(clock);
    await app.request('/rss.xml');
    clock.set('2024-07-01T08:00:00Z');
    expect(app.fastPath('GET', '/rss.xml', source())).toBeUndefined();
  });

  it('falls through for a coding that has not been compressed yet, then serves it once it has', async () => {
    const app = await newApp();
    await app.request('/rss.xml');
    const gzip = source({ 'accept-encoding': 'gzip' });
    expect(app.fastPath('GET', '/rss.xml', gzip)).toBeUndefined();
    const routed = await app.request('/rss.xml', { headers: { 'accept-encoding': 'gzip' } });
    const fast = app.fastPath('GET', '/rss.xml', gzip);
    expect(fast?.headers['content-encoding']).toBe('gzip');
    expect(fast?.headers).toEqual(headersOf(routed));
  });

  it('does not remember URLs with other query parameters (cache busters)', async () => {
    const app = await newApp();
    await app.request('/rss.xml?_=12345');
    expect(app.fastPath('GET', '/rss.xml?_=12345', source())).toBeUndefined();
  });

  it('serves other spellings of a path but remembers only the one Herald links to', async () => {
    const app = await newApp();
    const canonical = await app.request('/tags/politics/rss.xml');
    const remembered = app.herald.cache.stats.urls;
    for (const spelling of ['/tags/%70olitics/rss.xml', '/tags/p%6Flitics/rss.xml', '/%74ags/politics/rss.xml']) {
      const variant = await app.request(spelling);
      expect(variant.status).toBe(200);
      expect(variant.headers.get('etag')).toBe(canonical.headers.get('etag'));
      expect(app.fastPath('GET', spelling, source())).toBeUndefined();
    }
    expect(app.herald.cache.stats.urls).toBe(remembered);
    expect(app.fastPath('GET', '/tags/politics/rss.xml', source())?.status).toBe(200);
  });

  it('remembers ?page=N documents', async () => {
    const app = createApp({
      store: await storeOf(newsSources()),
      config: { ...defaultConfig, items: 1 },
      clock: movableClock(NOW),
    });
    const routed = await app.request('/rss.xml?page=2');
    expect(app.fastPath('GET', '/rss.xml?page=2', source())?.headers).toEqual(headersOf(routed));
  });

  it('leaves other methods to the route', async () => {
    const app = await newApp();
    await app.request('/rss.xml');
    expect(app.fastPath('POST', '/rss.xml', source())).toBeUndefined();
  });
});
