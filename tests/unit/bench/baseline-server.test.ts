import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBaselineServer, noneMatch } from '../../../tools/bench/baseline-server.ts';
import { httpGet } from '../../../tools/bench/http-get.ts';

const ETAG = '"abc123"';
let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(): Promise<string> {
  const server = createBaselineServer({
    '/rss.xml': {
      body: Buffer.from('<rss/>'),
      etag: ETAG,
      headers: { 'content-type': 'application/rss+xml', 'cache-control': 'max-age=60' },
      notModifiedHeaders: { 'cache-control': 'max-age=60' },
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createBaselineServer', () => {
  it('answers 200 with the body, its length, the ETag and the given headers', async () => {
    const res = await httpGet(`${await serve()}/rss.xml`);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('<rss/>');
    expect(res.headers).toMatchObject({ etag: ETAG, 'content-length': '6', 'cache-control': 'max-age=60' });
  });

  it('answers 304 without a body when If-None-Match matches', async () => {
    const res = await httpGet(`${await serve()}/rss.xml`, { 'if-none-match': `"other", W/${ETAG}` });
    expect(res.status).toBe(304);
    expect(res.body.length).toBe(0);
    expect(res.headers.etag).toBe(ETAG);
  });

  it('answers 404 for a path it was not given', async () => {
    expect((await httpGet(`${await serve()}/atom.xml`)).status).toBe(404);
  });
});

describe('noneMatch', () => {
  it('matches "*", weak tags and lists, and nothing else', () => {
    expect(noneMatch('*', ETAG)).toBe(true);
    expect(noneMatch(`W/${ETAG}`, ETAG)).toBe(true);
    expect(noneMatch(`"a", ${ETAG}`, ETAG)).toBe(true);
    expect(noneMatch('"abc"', ETAG)).toBe(false);
    expect(noneMatch(undefined, ETAG)).toBe(false);
  });
});
