// The real Worker entry (src/runtime/workers/worker.ts) inside workerd: feed routes, conditional GET, HEAD, errors.
import { env, exports } from 'cloudflare:workers';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { warmedRequests } from '../../src/runtime/workers/warm-up.ts';
import worker from '../../src/runtime/workers/worker.ts';
import { childrenOf, parseXml, textOf } from '../support/xml.ts';

const { site } = inject('nodeRenders');

const fetchWorker = (path: string, init?: RequestInit) => exports.default.fetch(`https://herald.test${path}`, init);

const FEEDS = [
  { path: '/rss.xml', contentType: 'application/rss+xml; charset=utf-8' },
  { path: '/atom.xml', contentType: 'application/atom+xml; charset=utf-8' },
  { path: '/feed.json', contentType: 'application/feed+json; charset=utf-8' },
];

/** The feed-level title of a document in any of the three formats. */
function titleOf(path: string, body: string): string {
  if (path.endsWith('.json')) return (JSON.parse(body) as { title: string }).title;
  const doc = parseXml(body);
  if (path === '/rss.xml') return textOf(childrenOf(childrenOf(doc, 'rss')[0], 'channel')[0]?.title);
  return textOf(childrenOf(doc, 'feed')[0]?.title);
}

describe('the Worker entry', () => {
  it.each(FEEDS)('serves $path with 200 and $contentType', async ({ path, contentType }) => {
    const response = await fetchWorker(path);
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
  });

  it.each(FEEDS)('serves $path as a feed of the bundled site', async ({ path }) => {
    const response = await fetchWorker(path);
    expect(titleOf(path, await response.text())).toBe(site.title);
  });

  it('serves /rss.xml as an RSS 2.0 document', async () => {
    const doc = parseXml(await (await fetchWorker('/rss.xml')).text());
    expect(childrenOf(doc, 'rss')[0]?.['@version']).toBe('2.0');
  });

  it('serves /atom.xml as an Atom document', async () => {
    const doc = parseXml(await (await fetchWorker('/atom.xml')).text());
    expect(childrenOf(doc, 'feed')[0]?.['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  });

  it('serves /feed.json as a JSON Feed 1.1 document', async () => {
    const doc = (await (await fetchWorker('/feed.json')).json()) as { version: string };
    expect(doc.version).toBe('https://jsonfeed.org/version/1.1');
  });

  it.each(FEEDS)('answers 304 without a body when If-None-Match has the ETag of $path', async ({ path }) => {
    const etag = (await fetchWorker(path)).headers.get('etag') as string;
    const response = await fetchWorker(path, { headers: { 'if-none-match': etag } });
    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe(etag);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it.each(FEEDS)('answers 304 to the weakened W/ ETag that Cloudflare hands out for $path', async ({ path }) => {
    const etag = (await fetchWorker(path)).headers.get('etag') as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    const response = await fetchWorker(path, { headers: { 'if-none-match': `W/${etag}` } });
    expect(response.status).toBe(304);
  });

  it('answers 200 when If-None-Match names another representation', async () => {
    const response = await fetchWorker('/rss.xml', { headers: { 'if-none-match': '"not-this-one", W/"nor-this"' } });
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it.each(FEEDS)('answers HEAD on $path with the GET Content-Length and ETag but no body', async ({ path }) => {
    const get = await fetchWorker(path);
    const body = await get.arrayBuffer();
    const head = await fetchWorker(path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(body.byteLength));
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers 404 in plain text for an unknown path', async () => {
    const response = await fetchWorker('/no/such/feed.xml');
    await response.arrayBuffer();
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it.each(['POST', 'PUT', 'DELETE'])('answers %s on a feed with 405 and Allow: GET, HEAD', async (method) => {
    const response = await fetchWorker('/rss.xml', { method });
    await response.arrayBuffer();
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 400 to a page that is not a whole number', async () => {
    const response = await fetchWorker('/rss.xml?page=abc');
    await response.arrayBuffer();
    expect(response.status).toBe(400);
  });
});

describe('the Worker entry with other vars', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('applies the vars it is given: HUB_URL is advertised in a Link header', async () => {
    const response = await worker.fetch(new Request('https://herald.test/atom.xml'), {
      ...env,
      HUB_URL: 'https://hub.example.org/',
    });
    expect(response.headers.get('link')).toContain('<https://hub.example.org/>; rel="hub"');
  });

  it('answers 500 and logs the problem when a var is invalid', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await worker.fetch(new Request('https://herald.test/rss.xml'), {
      ...env,
      CACHE_MAX_AGE: 'soon',
    });
    expect(response.status).toBe(500);
    expect(String(logged.mock.calls[0]?.[0])).toContain('CACHE_MAX_AGE');
  });

  it('refuses, on every request, a SITE_URL other than the one the store was built with', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const vars = { ...env, SITE_URL: 'https://elsewhere.example/' };
    for (const path of ['/rss.xml', '/archive/1/atom.xml']) {
      const response = await worker.fetch(new Request(`https://herald.test${path}`), vars);
      expect(response.status).toBe(500);
      expect(await response.text()).not.toContain('elsewhere');
    }
    expect(logged.mock.calls).toHaveLength(2);
    for (const [entry] of logged.mock.calls) expect(String(entry)).toContain('SITE_URL: https://elsewhere.example/');
  });

  it('answers 500 and logs the problem when the static assets binding is missing', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { ASSETS: _assets, ...withoutAssets } = env;
    const response = await worker.fetch(new Request('https://herald.test/rss.xml'), withoutAssets);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('ASSETS');
    expect(String(logged.mock.calls[0]?.[0])).toContain('ASSETS');
  });

  it('answers 500 and logs the path when a store asset is missing, and recovers once it is there', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const assets = env.ASSETS as { fetch(request: Request): Promise<Response> };
    let broken = true;
    const flaky = {
      fetch: (request: Request) =>
        broken && new URL(request.url).pathname === '/store/manifest.json'
          ? Promise.resolve(new Response('gone', { status: 404 }))
          : assets.fetch(request),
    };
    // A var no other test uses, so this env builds its own app.
    const vars = { ...env, ASSETS: flaky, CACHE_STALE_IF_ERROR: '77' };
    const failed = await worker.fetch(new Request('https://herald.test/rss.xml'), vars);
    expect(failed.status).toBe(500);
    expect(String(logged.mock.calls[0]?.[0])).toContain('/store/manifest.json');
    broken = false;
    const recovered = await worker.fetch(new Request('https://herald.test/rss.xml'), vars);
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get('cache-control')).toContain('stale-if-error=77');
  });

  it('sent each kind of request through its whole path at start-up (the request-path warm-up)', async () => {
    // At module scope on Cloudflare each warm-up request stops where its Response is constructed; here
    // the module was loaded within a request, so they are answered in full: each must be a real answer
    // of the made-up store (a 304 to its own ETag), not a 404 or an error that stopped it half-way.
    const outcomes = (await warmedRequests()) ?? [];
    expect(outcomes.length).toBeGreaterThanOrEqual(18);
    for (const o of outcomes) {
      expect(o, `${o.path} ${o.conditional}`).toMatchObject({ status: o.conditional ? 304 : 200 });
    }
  });
});
