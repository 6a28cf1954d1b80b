// A second independent reader of a show's feed: podcast-partytime, the parser the Podcast Index uses to
// ingest feeds, which reads the iTunes tags and the podcast namespace (phases 1 to 4) into typed fields.
// Every field it reads is compared with the store the feed was rendered from.
import { createHash } from 'node:crypto';
import { parseFeed } from 'podcast-partytime';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import type { Show } from '../../src/core/article.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { NOW, storeOf } from '../support/fixtures.ts';
import { showSources } from '../support/shows.ts';

/** UUIDv5 (RFC 9562 section 5.5) in the podcast namespace's own namespace, computed here with SHA-1 so the
 * expectation does not come from the code under test. */
function podcastGuid(feedUrl: string): string {
  const name = feedUrl.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const namespace = Buffer.from('ead4c236bf5858c6a2c6a6b28d128cb6', 'hex');
  const bytes = createHash('sha1').update(namespace).update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Apple's categories as the parser lists them: a parent that has a subcategory is read as that pair. */
const categoryLeaves = (show: Show) =>
  show.categories.filter((c) => c.includes(' > ') || !show.categories.some((d) => d.startsWith(`${c} > `)));

describe("podcast-partytime on a show's RSS feed served by Herald", async () => {
  const store = await storeOf(showSources());
  const app = createApp({ store, config: defaultConfig, clock: fixedClock(NOW) });
  const path = '/podcasts/the-briefing/rss.xml';
  const xml = await (await app.request(path)).text();
  const feed = parseFeed(xml);
  const show = store.site.shows['the-briefing'] as Show;

  it('reads it as a podcast feed', () => {
    expect(feed).not.toBeNull();
  });

  it('reads the show as the store holds it', () => {
    expect(feed).toMatchObject({
      title: show.title,
      description: show.description,
      author: show.author,
      owner: show.owner,
      itunesImage: show.image,
      image: { url: show.image },
      itunesCategory: categoryLeaves(show),
      explicit: show.explicit,
      itunesType: show.type,
      language: show.language,
      locked: show.locked,
      podcastOwner: show.owner.email,
      podcastFunding: [{ url: show.funding?.url, message: show.funding?.text }],
      guid: podcastGuid(`${store.site.url.replace(/\/$/, '')}${path}`),
      pubsub: { self: `${store.site.url.replace(/\/$/, '')}${path}` },
    });
    // The show's id is the namespace's rule applied to its own feed URL, and what the store holds.
    expect(feed?.guid).toBe(show.guid);
  });

  it('reads every published episode, newest first, field by field', () => {
    const now = Date.parse(NOW);
    const episodes = store.articles.filter((a) => a.episode?.show === show.id && a.published <= now);
    expect(episodes.length).toBeGreaterThan(3);
    expect(feed?.items).toHaveLength(episodes.length);
    feed?.items.forEach((item, i) => {
      const a = episodes[i];
      const e = a?.episode;
      if (!a || !e) throw new Error(`no episode ${i} in the store`);
      // toEqual treats a property that is undefined as absent: a field the store lacks must be absent.
      expect({
        guid: item.guid,
        title: item.title,
        link: item.link,
        pubDate: item.pubDate?.getTime(),
        enclosure: item.enclosure,
        duration: item.duration,
        explicit: item.explicit,
        itunesEpisode: item.itunesEpisode,
        itunesSeason: item.itunesSeason,
        itunesEpisodeType: item.itunesEpisodeType,
        itunesImage: item.itunesImage,
        podcastSeason: item.podcastSeason?.number,
        podcastEpisode: item.podcastEpisode?.number,
        transcripts: item.podcastTranscripts,
        chapters: item.podcastChapters,
        people: item.podcastPeople?.map((p) => ({ ...p, role: p.role.toLowerCase(), group: p.group.toLowerCase() })),
      }).toEqual({
        guid: a.id,
        title: a.title,
        link: a.link,
        pubDate: a.published,
        enclosure: a.enclosure,
        // itunes:duration is whole seconds; an episode without a duration reads as 0.
        duration: Math.round(e.duration ?? 0),
        explicit: e.explicit ?? show.explicit,
        // Apple takes whole episode numbers only; the podcast namespace takes decimals (podcast:episode).
        itunesEpisode: Number.isInteger(e.episode) ? e.episode : undefined,
        itunesSeason: e.season,
        itunesEpisodeType: e.episodeType,
        itunesImage: a.image,
        podcastSeason: e.season,
        podcastEpisode: e.episode,
        // The parser names every SubRip alias application/srt, and gives a transcript without a language
        // the feed's.
        transcripts: e.transcripts.length
          ? e.transcripts.map((t) => ({
              ...t,
              type: t.type === 'application/x-subrip' ? 'application/srt' : t.type,
              language: t.language ?? show.language,
            }))
          : undefined,
        chapters: e.chapters ? { url: e.chapters, type: 'application/json+chapters' } : undefined,
        people: e.persons.length
          ? e.persons.map((p) => ({ ...p, role: p.role ?? 'host', group: p.group ?? 'cast' }))
          : undefined,
      });
    });
  });

  it('reads the fields the fixture is there to cover', () => {
    // Guard against a fixture that no longer exercises them (the comparison above would pass on nothing).
    const items = feed?.items ?? [];
    expect(items.some((i) => i.podcastTranscripts?.length === 2)).toBe(true);
    expect(items.some((i) => i.podcastPeople?.length === 2)).toBe(true);
    expect(items.some((i) => i.podcastChapters)).toBe(true);
    expect(new Set(items.map((i) => i.itunesEpisodeType))).toEqual(new Set(['full', 'trailer', 'bonus']));
    expect(new Set(items.map((i) => i.podcastSeason?.number).filter(Boolean))).toEqual(new Set([1, 2]));
    expect(items.some((i) => i.enclosure.url.startsWith(store.site.url))).toBe(true);
    expect(items.some((i) => !i.enclosure.url.startsWith(store.site.url))).toBe(true);
  });
});
