// An independent reader: Python's feedparser (Debian's python3-feedparser), the parser behind many
// aggregators, reads every title, link and id of the hostile store back from RSS and Atom with no
// "bozo" (malformed) flag. Skipped, with a message, where the package is not installed.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { readContent } from '../../src/build/sources.ts';
import { loadStore } from '../../src/content/load.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { createStore } from '../../src/store/store.ts';
import { feedparserAvailable, readWithFeedparser } from '../support/feedparser.ts';

const READ = `
import feedparser, json, sys
d = feedparser.parse(sys.argv[1])
print(json.dumps({"bozo": bool(d.bozo), "error": str(d.get("bozo_exception", "")), "version": d.version,
  "title": d.feed.get("title"), "entries": [{"title": e.get("title"), "link": e.get("link"), "id": e.get("id")} for e in d.entries]}))
`;

describe.skipIf(!feedparserAvailable)('Python feedparser on the hostile store', () => {
  for (const [path, version] of [
    ['/rss.xml', 'rss20'],
    ['/atom.xml', 'atom10'],
  ] as const) {
    it(`reads ${path} as ${version} with every entry intact`, async () => {
      const { sources, media } = await readContent('tests/fixtures/stores/hostile');
      const { store } = await loadStore(sources, { media });
      const app = createApp({
        store: createStore(store as NonNullable<typeof store>),
        config: defaultConfig,
        clock: fixedClock('2024-06-01T00:00:00Z'),
      });
      const json = await (await app.request('/feed.json')).json();
      const read = await readWithFeedparser<{
        bozo: boolean;
        error: string;
        version: string;
        title: string;
        entries: unknown[];
      }>(READ, new Uint8Array(await (await app.request(path)).arrayBuffer()));
      expect(read.bozo, read.error).toBe(false);
      expect(read.version).toBe(version);
      expect(read.title).toBe(json.title);
      const expected = (json.items as { title: string; url: string; id: string }[]).map((i) => ({
        title: i.title,
        link: i.url,
        id: i.id,
      }));
      expect(read.entries).toEqual(expected);
    });
  }
});
