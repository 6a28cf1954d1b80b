// Error answers: short readable text, never a stack trace or parser output; 404, 405 and 400 for ?page.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { fixedClock } from '../../src/core/clock.ts';
import type { Store } from '../../src/store/store.ts';
import { appOf, NOW, newsSources } from '../support/fixtures.ts';
import { call, get } from '../support/http.ts';

/** Signs of leaked internals: stack frames, file paths, error class names, parser dumps. */
const LEAKS = /\bat \S+ \(|\.ts\b|node_modules|Error:|ValiError|issues|"kind"|\{"/;

describe('unknown paths', () => {
  it.each(['/nope', '/rss.html', '/rss.xml/', '/tags/politics/', '/tags/politics/rss.xml/extra', '/RSS.XML'])(
    'answer %s with 404 and a short plain-text body',
    async (path) => {
      const app = await appOf(newsSources());
      const res = await get(app, path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.text).toMatch(/not found/i);
      expect(res.text.length).toBeLessThan(400);
      expect(res.text).not.toMatch(LEAKS);
    },
  );

  it.each([`/${'x'.repeat(5000)}`, `/tags/${'x'.repeat(5000)}/rss.xml`, `/authors/${'x'.repeat(5000)}/atom.xml`])(
    'keeps the body short for a very long unknown path (%#)',
    async (path) => {
      const app = await appOf(newsSources());
      const res = await get(app, path);
      expect(res.status).toBe(404);
      expect(res.text.length).toBeLessThan(600);
    },
  );
});

describe('methods other than GET and HEAD', () => {
  const paths = ['/rss.xml', '/atom.xml', '/feed.json', '/tags/politics/rss.xml', '/authors/ann/atom.xml'];
  const cases = ['POST', 'PUT', 'DELETE', 'PATCH'].flatMap((m) => paths.map((p) => [m, p] as const));

  it.each(cases)('%s %s answers 405 with Allow: GET, HEAD', async (method, path) => {
    const app = await appOf(newsSources());
    const res = await call(app, path, { method, body: method === 'DELETE' ? null : 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(res.text.length).toBeLessThan(200);
  });
});

describe('?page', () => {
  it.each([
    'page=abc',
    'page=0',
    'page=-1',
    'page=1.5',
    'page=99999999999',
    'page=1&page=2',
    'page=',
    'page=%202',
    'page=1e3',
    'page=0x2',
    'page=２',
  ])('?%s answers 400 with a short message saying what is accepted', async (query) => {
    const app = await appOf(newsSources());
    const res = await get(app, `/atom.xml?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.text).toMatch(/page/);
    expect(res.text).toMatch(/whole number/);
    expect(res.text.length).toBeLessThan(300);
    expect(res.text).not.toMatch(LEAKS);
  });

  it('answers 400 on a tag feed too', async () => {
    const app = await appOf(newsSources());
    expect((await get(app, '/tags/politics/rss.xml?page=abc')).status).toBe(400);
  });

  it('answers a page past the last with 404', async () => {
    const app = await appOf(newsSources(), { config: { items: 1 } });
    expect((await get(app, '/atom.xml?page=3')).status).toBe(200);
    expect((await get(app, '/atom.xml?page=4')).status).toBe(404);
    expect((await get(app, '/feed.json?page=1000000')).status).toBe(404);
  });

  it('answers ?page=2 of a one-page feed with 404', async () => {
    const app = await appOf(newsSources());
    expect((await get(app, '/rss.xml?page=2')).status).toBe(404);
  });

  it('treats ?page=1 as the feed itself', async () => {
    const app = await appOf(newsSources());
    const plain = await get(app, '/rss.xml');
    const first = await get(app, '/rss.xml?page=1');
    expect(first.text).toBe(plain.text);
    expect(first.headers.get('etag')).toBe(plain.headers.get('etag'));
  });
});

describe('other query parameters', () => {
  it.each(['?_=1719820800', '?utm_source=reader&utm_medium=feed', '?v=2&page=1', '?PAGE=abc'])(
    'are ignored: %s gives the same bytes and ETag as no query',
    async (query) => {
      const app = await appOf(newsSources());
      const plain = await get(app, '/atom.xml');
      const busted = await get(app, `/atom.xml${query}`);
      expect(busted.status).toBe(200);
      expect(busted.text).toBe(plain.text);
      expect(busted.headers.get('etag')).toBe(plain.headers.get('etag'));
    },
  );
});

describe('unexpected failures', () => {
  it('answer 500 with a short text and no stack trace, and are logged', async () => {
    const logged: Record<string, unknown>[] = [];
    const app = createApp({
      store: (): Store => {
        throw new Error('disk on fire at /srv/herald/secret.ts');
      },
      config: defaultConfig,
      clock: fixedClock(NOW),
      log: (entry) => logged.push(entry),
    });
    const res = await get(app, '/rss.xml');
    expect(res.status).toBe(500);
    expect(res.text.length).toBeLessThan(200);
    expect(res.text).not.toMatch(/secret|disk on fire/);
    expect(res.text).not.toMatch(LEAKS);
    expect(logged.some((e) => String(e.error).includes('disk on fire'))).toBe(true);
  });
});
