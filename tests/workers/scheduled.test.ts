// The Worker's Cron Trigger inside workerd: it pings a real local WebSub hub (started in Node by the
// global setup) for the feeds of articles that went live since the previous run, and for nothing else.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { groupSlug } from '../../src/core/slug.ts';
import worker from '../../src/runtime/workers/worker.ts';

const hubUrl = inject('hubUrl');
const { site, newest } = inject('nodeRenders');

async function runCron(scheduledTime: number): Promise<string[]> {
  const before = (await (await fetch(`${hubUrl}/received`)).json()) as string[];
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime }), { ...env, HUB_URL: `${hubUrl}/hub` }, ctx);
  await waitOnExecutionContext(ctx);
  const after = (await (await fetch(`${hubUrl}/received`)).json()) as string[];
  return after.slice(before.length);
}

const topics = (pings: string[]) =>
  pings.map((body) => new URLSearchParams(body)).map((p) => ({ mode: p.get('hub.mode'), url: p.get('hub.url') }));

describe.skipIf(!newest)('the Cron Trigger', () => {
  it('pings the hub for the site feeds and the article tag feeds once the article has gone live', async () => {
    const article = newest as NonNullable<typeof newest>;
    const pinged = topics(await runCron(article.published + 30_000));
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
      expect(pinged).toContainEqual({ mode: 'publish', url: `${site.url}${file}` });
    }
    for (const tag of article.tags) {
      expect(pinged).toContainEqual({
        mode: 'publish',
        url: `${site.url}tags/${encodeURIComponent(groupSlug(tag))}/rss.xml`,
      });
    }
  });

  it('pings nothing for a run just before the article goes live', async () => {
    const article = newest as NonNullable<typeof newest>;
    expect(await runCron(article.published - 1_000)).toEqual([]);
  });

  it('pings nothing when no article went live since the previous run', async () => {
    const article = newest as NonNullable<typeof newest>;
    expect(await runCron(article.published + 3_600_000)).toEqual([]);
  });
});
