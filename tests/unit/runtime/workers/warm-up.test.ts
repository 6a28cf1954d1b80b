// The Worker's start-up warm-up (runtime/workers/warm-up.ts) renders every kind of document the Worker
// renders in the isolate, through the asset store, from its made-up store: if a change to the asset
// layout or a route broke it, the warm-up would compile less and a fresh isolate's first request
// would cost more, silently. In workerd itself: tests/node/worker-bundle.test.ts.
import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../../../src/app/config.ts';
import { FORMATS } from '../../../../src/feed/model.ts';
import { warmUp } from '../../../../src/runtime/workers/warm-up.ts';

describe('the Worker warm-up', () => {
  it('renders each format’s pages, archive, tag and author feeds, and the HTML and OPML pages', async () => {
    const warmed = await warmUp(defaultConfig);
    const what = warmed.map((d) => d.what);
    for (const format of FORMATS) {
      for (const doc of ['page 1', 'page 2', 'archive 1', 'tag page 2', 'author page 1']) {
        expect(what).toContain(`${format} ${doc}`);
      }
    }
    // A tag's page both from its own record chunks and through its positions (asset-store.ts).
    expect(what).toEqual(expect.arrayContaining(['home', 'opml', 'article:warm-2', 'rss tag page 2 (positions)']));
    for (const d of warmed) {
      expect(d, d.what).toMatchObject({ status: 200, conditional: 304 });
      expect(d.bytes, d.what).toBeGreaterThan(500);
    }
  });

  it('renders with the deployment’s settings: a hub, a tight byte budget, other cache times', async () => {
    const parsed = parseConfig({ HUB_URL: 'https://hub.example/', FEED_MAX_BYTES: '10000', CACHE_MAX_AGE: '60' });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const warmed = await warmUp(parsed.config);
    expect(warmed.every((d) => d.status === 200 && d.conditional === 304)).toBe(true);
  });
});
