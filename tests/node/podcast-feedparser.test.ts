// An independent reader of a show's feed: Python's feedparser (Debian's python3-feedparser) reads the
// itunes: elements it knows and keeps the podcast namespace's as plain fields. Skipped, with a message,
// where the package is not installed.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { episodeItemElements, showChannelElements } from '../../src/feed/podcast.ts';
import { feedparserAvailable, readWithFeedparser } from '../support/feedparser.ts';
import { NOW, storeOf } from '../support/fixtures.ts';
import { baseItemElements, podcastRss, sampleEpisode, sampleShow } from '../support/podcast.ts';
import { showSources } from '../support/shows.ts';

const READ = `
import feedparser, json, sys
d = feedparser.parse(sys.argv[1])
f = d.feed
e = d.entries[0]
keep = lambda o, keys: {k: o.get(k) for k in keys}
print(json.dumps({
  "bozo": bool(d.bozo), "error": str(d.get("bozo_exception", "")), "version": d.version,
  "feed": {
    **keep(f, ["author", "itunes_explicit", "itunes_type", "podcast_guid", "podcast_locked", "podcast_funding",
               "podcast_medium"]),
    "owner": f.get("publisher_detail"),
    "image": f.get("image", {}).get("href"),
    "tags": [[t.term, t.scheme] for t in f.get("tags", [])],
  },
  "entry": {
    **keep(e, ["itunes_duration", "itunes_season", "itunes_episode", "itunes_episodetype", "itunes_explicit",
               "podcast_season", "podcast_episode", "podcast_chapters", "podcast_transcript", "podcast_person"]),
    "image": e.get("image", {}).get("href"),
    "enclosures": [[x.href, x.type, x.length] for x in e.get("enclosures", [])],
    "id": e.get("id"),
  },
}))
`;

const read = (xml: string) =>
  readWithFeedparser<{ bozo: boolean; error: string; version: string; feed: unknown; entry: unknown }>(READ, xml);

describe.skipIf(!feedparserAvailable)("Python feedparser on a show's RSS feed", () => {
  const show = sampleShow({ author: 'Ann & <Bo> "Co"', explicit: true });
  const episode = sampleEpisode();
  const xml = podcastRss(show, showChannelElements(show), [
    [...baseItemElements(episode), ...episodeItemElements(episode, show)],
  ]);

  it('reads it as RSS 2.0, not malformed', async () => {
    const doc = await read(xml);
    expect(doc.bozo, doc.error).toBe(false);
    expect(doc.version).toBe('rss20');
  });

  it("reads the show's author (not the owner's name), owner, cover art, categories, type and podcast fields", async () => {
    const { feed } = await read(xml);
    expect(feed).toEqual({
      author: 'Ann & <Bo> "Co"',
      owner: { name: 'Ada Editor', email: 'podcast@news.example.org' },
      image: 'https://news.example.org/podcasts/weekly/cover.jpg',
      // Categories and subcategories alike, in document order.
      tags: [
        ['News', 'http://www.itunes.com/'],
        ['Daily News', 'http://www.itunes.com/'],
        ['Politics', 'http://www.itunes.com/'],
        ['Society & Culture', 'http://www.itunes.com/'],
      ],
      // feedparser 6 knows only the old "yes" and "clean": Apple's "true" and "false" read as unknown.
      itunes_explicit: null,
      itunes_type: 'episodic',
      podcast_guid: 'a80fba91-b030-545a-8f83-fd6eb67b8ff7',
      // Of an element it does not know, feedparser keeps the attributes only when there are some.
      podcast_locked: { owner: 'podcast@news.example.org' },
      podcast_funding: { url: 'https://news.example.org/support' },
      podcast_medium: 'podcast',
    });
  });

  it("reads the episode's duration as written, season, number, type, art and podcast fields", async () => {
    const { entry } = await read(xml);
    expect(entry).toEqual({
      id: 'https://news.example.org/2024/05/episode-7/',
      enclosures: [['https://media.example.org/weekly/7.mp3', 'audio/mpeg', '31415926']],
      itunes_duration: '3723',
      itunes_season: '2',
      itunes_episode: '7',
      itunes_episodetype: 'full',
      itunes_explicit: null,
      image: 'https://news.example.org/2024/05/episode-7/art.png',
      podcast_season: '2',
      podcast_episode: '7',
      podcast_chapters: {
        url: 'https://news.example.org/2024/05/episode-7/chapters.json',
        type: 'application/json+chapters',
      },
      // One field per element name: the last transcript and the last person.
      podcast_transcript: {
        url: 'https://news.example.org/2024/05/episode-7/captions.srt',
        type: 'application/srt',
        rel: 'captions',
      },
      podcast_person: {
        role: 'guest',
        group: 'cast',
        img: 'https://news.example.org/bo.jpg',
        href: 'https://bo.example.org/',
      },
    });
  });
});

const READ_ALL = `
import feedparser, json, sys
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "bozo": bool(d.bozo), "error": str(d.get("bozo_exception", "")),
  "title": d.feed.get("title"), "author": d.feed.get("author"), "image": d.feed.get("image", {}).get("href"),
  "entries": [{
    "id": e.get("id"), "title": e.get("title"),
    "enclosures": [[x.href, x.type, x.length] for x in e.get("enclosures", [])],
    "duration": e.get("itunes_duration"), "season": e.get("itunes_season"),
    "episode": e.get("podcast_episode"), "type": e.get("itunes_episodetype"),
  } for e in d.entries],
}))
`;

describe.skipIf(!feedparserAvailable)('Python feedparser on a show served by Herald, compared with the store', () => {
  it('reads every published episode as the store holds it', async () => {
    const store = await storeOf(showSources());
    const app = createApp({ store, config: defaultConfig, clock: fixedClock(NOW) });
    const xml = await (await app.request('/podcasts/the-briefing/rss.xml')).text();
    const doc = await readWithFeedparser<{
      bozo: boolean;
      error: string;
      title: string;
      author: string;
      image: string;
      entries: Record<string, unknown>[];
    }>(READ_ALL, xml);
    expect(doc.bozo, doc.error).toBe(false);
    const show = store.site.shows['the-briefing'];
    expect([doc.title, doc.author, doc.image]).toEqual([show?.title, show?.author, show?.image]);
    const now = Date.parse(NOW);
    const episodes = store.articles.filter((a) => a.episode && a.published <= now);
    expect(doc.entries).toEqual(
      episodes.map((a) => ({
        id: a.id,
        title: a.title,
        enclosures: [[a.enclosure?.url, a.enclosure?.type, String(a.enclosure?.length)]],
        duration: a.episode?.duration === undefined ? null : String(Math.round(a.episode.duration)),
        season: a.episode?.season === undefined ? null : String(a.episode.season),
        episode: a.episode?.episode === undefined ? null : String(a.episode.episode),
        type: a.episode?.episodeType,
      })),
    );
  });
});
