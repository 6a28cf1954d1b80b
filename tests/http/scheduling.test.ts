// Scheduled articles appear when the clock passes their date, and the validators change then and only
// then; drafts never appear. The clock is injected and moved by the test (no sleeps, no timers).
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { createStore } from '../../src/store/store.ts';
import { compile, newsSources } from '../support/fixtures.ts';
import { FILES, FORMATS, get, movableClock, readFeed } from '../support/http.ts';

const GO_LIVE = Date.parse('2024-07-01T08:00:00Z'); // the "Future" article of newsSources()
const FUTURE = 'https://news.example.org/articles/2024/future';

async function scheduledApp(start: number | string) {
  const clock = movableClock(start);
  const app = createApp({ store: createStore(await compile(newsSources())), config: defaultConfig, clock });
  return { app, clock };
}

describe('a scheduled article', () => {
  it.each(FORMATS)('is absent from the %s feed one millisecond before its date', async (format) => {
    const { app } = await scheduledApp(GO_LIVE - 1);
    expect(readFeed(format, (await get(app, `/${FILES[format]}`)).text).ids).not.toContain(FUTURE);
  });

  it.each(FORMATS)('is first in the %s feed from the instant of its date', async (format) => {
    const { app } = await scheduledApp(GO_LIVE);
    expect(readFeed(format, (await get(app, `/${FILES[format]}`)).text).ids[0]).toBe(FUTURE);
  });

  it('appears in the same app once the clock moves past its date, in the site and tag feeds', async () => {
    const { app, clock } = await scheduledApp('2024-06-01T12:00:00Z');
    const feeds = [
      ['/rss.xml', 'rss'],
      ['/tags/politics/atom.xml', 'atom'],
      ['/tags/future-only/feed.json', 'json'],
    ] as const;
    for (const [path, format] of feeds) {
      const res = await get(app, path);
      // A tag only the scheduled article carries does not exist yet.
      if (path.includes('future-only')) expect(res.status).toBe(404);
      else expect(readFeed(format, res.text).ids).not.toContain(FUTURE);
    }
    clock.set(GO_LIVE + 1);
    for (const [path, format] of feeds) {
      expect(readFeed(format, (await get(app, path)).text).ids).toContain(FUTURE);
    }
  });

  it('keeps ETag and Last-Modified while it waits, and changes both at its date', async () => {
    const { app, clock } = await scheduledApp('2024-06-01T12:00:00Z');
    const early = await get(app, '/atom.xml');
    clock.set(GO_LIVE - 1);
    const justBefore = await get(app, '/atom.xml');
    clock.set(GO_LIVE);
    const live = await get(app, '/atom.xml');
    clock.set(GO_LIVE + 3_600_000);
    const later = await get(app, '/atom.xml');

    expect(justBefore.text).toBe(early.text);
    expect(justBefore.headers.get('etag')).toBe(early.headers.get('etag'));
    expect(justBefore.headers.get('last-modified')).toBe(early.headers.get('last-modified'));

    expect(live.headers.get('etag')).not.toBe(early.headers.get('etag'));
    expect(live.headers.get('last-modified')).toBe(new Date(GO_LIVE).toUTCString());
    expect(later.headers.get('etag')).toBe(live.headers.get('etag'));
    expect(later.headers.get('last-modified')).toBe(live.headers.get('last-modified'));
  });

  it('leaves the ETag of a feed it does not belong to alone when it goes live', async () => {
    const { app, clock } = await scheduledApp(GO_LIVE - 1);
    const before = await get(app, '/tags/asia/rss.xml');
    clock.set(GO_LIVE);
    const after = await get(app, '/tags/asia/rss.xml');
    expect(after.text).toBe(before.text);
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    expect(after.headers.get('last-modified')).toBe(before.headers.get('last-modified'));
  });

  it('answers a client holding the pre-publication ETag with 200 and the new item at its date', async () => {
    const { app, clock } = await scheduledApp(GO_LIVE - 1000);
    const before = await get(app, '/rss.xml');
    clock.set(GO_LIVE);
    const revalidated = await get(app, '/rss.xml', {
      'if-none-match': before.headers.get('etag') as string,
      'if-modified-since': before.headers.get('last-modified') as string,
    });
    expect(revalidated.status).toBe(200);
    expect(readFeed('rss', revalidated.text).ids).toContain(FUTURE);
  });
});

describe('drafts', () => {
  it.each(FORMATS)('never appear in the %s feed, even long after their date', async (format) => {
    const { app } = await scheduledApp('2030-01-01T00:00:00Z');
    const feed = readFeed(format, (await get(app, `/${FILES[format]}`)).text);
    expect(feed.titles).not.toContain('Draft');
    expect(feed.ids).toHaveLength(4);
  });

  it('have no tag feed of their own', async () => {
    const { app } = await scheduledApp('2030-01-01T00:00:00Z');
    expect((await get(app, '/tags/secret-tag/rss.xml')).status).toBe(404);
  });
});
