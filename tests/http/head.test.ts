// HEAD answers exactly the headers GET would send, Content-Length included, and no body.
import { describe, expect, it } from 'vitest';
import { appOf, newsSources } from '../support/fixtures.ts';
import { call, FILES, FORMATS, get } from '../support/http.ts';

const sorted = (headers: Headers) => [...headers.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

describe('HEAD', () => {
  it.each([...FORMATS.map((f) => `/${FILES[f]}`), '/tags/politics/atom.xml', '/authors/ann/feed.json'])(
    'answers %s with exactly the headers of GET and no body',
    async (path) => {
      const app = await appOf(newsSources());
      const got = await get(app, path);
      const head = await call(app, path, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(sorted(head.headers)).toEqual(sorted(got.headers));
      expect(head.bytes.byteLength).toBe(0);
    },
  );

  it('sends a Content-Length equal to the byte length of the GET body', async () => {
    const app = await appOf(newsSources());
    const got = await get(app, '/feed.json');
    const head = await call(app, '/feed.json', { method: 'HEAD' });
    expect(Number(head.headers.get('content-length'))).toBe(got.bytes.byteLength);
  });

  it('answers HEAD on page 2 like GET on page 2', async () => {
    const app = await appOf(newsSources(), { config: { items: 1 } });
    const got = await get(app, '/rss.xml?page=2');
    const head = await call(app, '/rss.xml?page=2', { method: 'HEAD' });
    expect(sorted(head.headers)).toEqual(sorted(got.headers));
  });

  it('answers HEAD for an unknown tag with 404, like GET', async () => {
    const app = await appOf(newsSources());
    const head = await call(app, '/tags/nope/rss.xml', { method: 'HEAD' });
    expect(head.status).toBe(404);
    expect(head.bytes.byteLength).toBe(0);
  });
});
