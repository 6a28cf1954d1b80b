// A podcast show served end to end: its feeds under /podcasts/<id>/ in every format, valid for the RSS
// profile, Apple's and the podcast namespace's rules, the Atom schema and the JSON Feed schema; each
// episode compared field by field with its frontmatter and files; listed in the OPML and on the home
// page; episode GUIDs that survive edits; and the content problems a publisher meets, named by file and
// field.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.ts';
import { defaultConfig } from '../../src/app/config.ts';
import { loadStore } from '../../src/content/load.ts';
import { podcastGuid } from '../../src/core/podcast-guid.ts';
import { validateAtom } from '../support/atom.ts';
import { NOW, siteYaml, sources, splitMedia, storeOf } from '../support/fixtures.ts';
import { movableClock } from '../support/http.ts';
import { validateJsonFeed } from '../support/json-feed.ts';
import { checkPodcastRss } from '../support/podcast.ts';
import { checkRssProfile } from '../support/rss.ts';
import { EPISODE_BYTES, SHOW, showSources } from '../support/shows.ts';
import { attrOf, childrenOf, parseXml, textOf, type XmlNode } from '../support/xml.ts';

const BASE = 'https://news.example.org/';
const FEED = '/podcasts/the-briefing/';

async function served(src = showSources(), clock = movableClock(NOW)) {
  return createApp({ store: await storeOf(src), config: defaultConfig, clock });
}

async function text(path: string, src = showSources()) {
  const res = await (await served(src)).request(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

function channelOf(xml: string): XmlNode {
  return childrenOf(childrenOf(parseXml(xml), 'rss')[0], 'channel')[0] as XmlNode;
}

const itemNamed = (channel: XmlNode, title: string) =>
  childrenOf(channel, 'item').find((i) => textOf(childrenOf(i, 'title')[0]) === title) as XmlNode;
const one = (node: XmlNode, name: string) => textOf(childrenOf(node, name)[0]);

describe("a show's feeds", () => {
  it('pass the RSS profile and what Apple and the podcast namespace require', async () => {
    const rss = await text(`${FEED}rss.xml`);
    expect(checkRssProfile(rss)).toEqual([]);
    expect(checkPodcastRss(rss)).toEqual([]);
  });

  it('are valid Atom and JSON Feed', async () => {
    expect(await validateAtom(await text(`${FEED}atom.xml`))).toEqual([]);
    expect(validateJsonFeed(JSON.parse(await text(`${FEED}feed.json`)))).toEqual([]);
  });

  it('describe the show from site.yaml, its image and guid resolved', async () => {
    const channel = channelOf(await text(`${FEED}rss.xml`));
    expect(one(channel, 'title')).toBe(SHOW.title);
    expect(one(channel, 'itunes:author')).toBe(SHOW.author);
    expect(attrOf(childrenOf(channel, 'itunes:image')[0], 'href')).toBe(`${BASE}articles/shows/briefing.jpg`);
    expect(one(channel, 'podcast:guid')).toBe(await podcastGuid(`${BASE}podcasts/the-briefing/rss.xml`));
    // Apple: one element per category, its subcategories nested, in the order given.
    const categories = childrenOf(channel, 'itunes:category');
    expect(categories.map((c) => attrOf(c, 'text'))).toEqual(['News', 'Society & Culture']);
    expect(childrenOf(categories[0], 'itunes:category').map((c) => attrOf(c, 'text'))).toEqual(['Daily News']);
  });

  it('keep a guid site.yaml gives (a show moved from another host)', async () => {
    const guid = '917393e3-1b1e-5cef-ace4-edaa54e1f810';
    const channel = channelOf(await text(`${FEED}rss.xml`, showSources({ show: { guid } })));
    expect(one(channel, 'podcast:guid')).toBe(guid);
  });

  it('hold the published episodes only, newest first, and no article that is not one', async () => {
    const channel = channelOf(await text(`${FEED}rss.xml`));
    expect(childrenOf(channel, 'item').map((i) => one(i, 'title'))).toEqual([
      'Bonus: Q&A',
      'Episode 2',
      'Episode 1: Ballots & borders',
      'Trailer',
    ]);
  });

  it('give the local episode its file: URL, length from the file, type from its name', async () => {
    const ep1 = itemNamed(channelOf(await text(`${FEED}rss.xml`)), 'Episode 1: Ballots & borders');
    const enclosure = childrenOf(ep1, 'enclosure')[0];
    expect([attrOf(enclosure, 'url'), attrOf(enclosure, 'length'), attrOf(enclosure, 'type')]).toEqual([
      `${BASE}articles/2024/05/ep1.mp3`,
      String(EPISODE_BYTES),
      'audio/mpeg',
    ]);
  });

  it('give every episode field as written, field by field', async () => {
    const channel = channelOf(await text(`${FEED}rss.xml`));
    const ep1 = itemNamed(channel, 'Episode 1: Ballots & borders');
    expect(
      ['itunes:duration', 'itunes:season', 'itunes:episode', 'itunes:episodeType', 'itunes:explicit'].map((n) =>
        one(ep1, n),
      ),
    ).toEqual(['754', '1', '1', 'full', 'false']);
    expect(attrOf(childrenOf(ep1, 'itunes:image')[0], 'href')).toBe(`${BASE}articles/2024/05/ep1.jpg`);
    expect(
      childrenOf(ep1, 'podcast:transcript').map((t) => [
        attrOf(t, 'url'),
        attrOf(t, 'type'),
        attrOf(t, 'language'),
        attrOf(t, 'rel'),
      ]),
    ).toEqual([
      [`${BASE}articles/2024/05/ep1.vtt`, 'text/vtt', 'en', undefined],
      [`${BASE}articles/2024/05/ep1.srt`, 'application/x-subrip', undefined, 'captions'],
    ]);
    const chapters = childrenOf(ep1, 'podcast:chapters')[0];
    expect([attrOf(chapters, 'url'), attrOf(chapters, 'type')]).toEqual([
      `${BASE}articles/2024/05/ep1.chapters.json`,
      'application/json+chapters',
    ]);
    expect(
      childrenOf(ep1, 'podcast:person').map((p) => [textOf(p), attrOf(p, 'role'), attrOf(p, 'href'), attrOf(p, 'img')]),
    ).toEqual([
      ['Jane Roe', 'host', 'https://news.example.org/people/jane', undefined],
      ['Li Wei', 'guest', undefined, `${BASE}articles/2024/05/li-wei.png`],
    ]);
    const ep2 = itemNamed(channel, 'Episode 2');
    expect([one(ep2, 'itunes:duration'), one(ep2, 'itunes:explicit')]).toEqual(['754', 'true']);
    const bonus = itemNamed(channel, 'Bonus: Q&A');
    // 100.5 is a podcast:episode only: Apple takes whole numbers.
    expect([one(bonus, 'itunes:episode'), one(bonus, 'podcast:episode'), one(bonus, 'itunes:episodeType')]).toEqual([
      '',
      '100.5',
      'bonus',
    ]);
    expect(one(itemNamed(channel, 'Trailer'), 'itunes:episodeType')).toBe('trailer');
  });

  it('give JSON Feed attachments their duration', async () => {
    const doc = JSON.parse(await text(`${FEED}feed.json`)) as {
      items: { title: string; attachments?: { duration_in_seconds?: number; size_in_bytes: number }[] }[];
    };
    const ep1 = doc.items.find((i) => i.title === 'Episode 1: Ballots & borders');
    expect(ep1?.attachments).toEqual([
      expect.objectContaining({ size_in_bytes: EPISODE_BYTES, duration_in_seconds: 754 }),
    ]);
  });

  it('keep every episode guid when an episode is edited', async () => {
    const guids = async (src: ReturnType<typeof showSources>) =>
      childrenOf(channelOf(await text(`${FEED}rss.xml`, src)), 'item').map((i) => one(i, 'guid'));
    const edited = showSources({ episode1: { title: 'Episode 1, retitled', duration: 800, season: 3 } });
    expect(await guids(edited)).toEqual(await guids(showSources()));
  });

  it('leave the site feed a plain feed, the episodes in it without podcast elements', async () => {
    const rss = await text('/rss.xml');
    expect(rss).not.toContain('xmlns:itunes');
    expect(childrenOf(channelOf(rss), 'item').map((i) => one(i, 'title'))).toContain('Episode 2');
  });
});

describe('shows in lists', () => {
  it('are in the OPML under Podcasts, by title', async () => {
    const opml = parseXml(await text('/feeds.opml'));
    const body = childrenOf(childrenOf(opml, 'opml')[0], 'body')[0] as XmlNode;
    const podcasts = childrenOf(body, 'outline').find((o) => attrOf(o, 'text') === 'Podcasts');
    expect(childrenOf(podcasts, 'outline').map((o) => [attrOf(o, 'title'), attrOf(o, 'xmlUrl')])).toEqual([
      [SHOW.title, `${BASE}podcasts/the-briefing/rss.xml`],
    ]);
  });

  it('are on the home page, with autodiscovery of their RSS', async () => {
    const html = await text('/');
    expect(html).toContain(
      `<link rel="alternate" type="application/rss+xml" title="${SHOW.title}" href="${BASE}podcasts/the-briefing/rss.xml">`,
    );
    expect(html).toContain('<h3>Podcasts</h3>');
  });

  it('answer 404 for a show nobody declared, as for an unknown tag', async () => {
    const res = await (await served()).request('/podcasts/unknown/rss.xml');
    expect(res.status).toBe(404);
  });
});

describe('podcast problems, by file and field', () => {
  const problemsOf = async (src: Record<string, string>) => {
    const { sources: texts, media } = splitMedia(src);
    return (await loadStore(texts, { media })).problems;
  };

  it('names an episode of an unknown show, with the shows there are', async () => {
    const src = showSources({ episode1: { show: 'the-breifing' } });
    expect(await problemsOf(src)).toEqual([
      'content/articles/2024/05/ep1.md: show: "the-breifing" is not a show of site.yaml (its shows are the-briefing)',
    ]);
  });

  it('names a category Apple does not have, with the one most likely meant', async () => {
    const [problem] = await problemsOf(showSources({ show: { categories: ['News > Daly News'] } }));
    expect(problem).toMatch(/^content\/site\.yaml: shows\.the-briefing\.categories\.0: .*"Daily News"/);
  });

  it('names a duration that is not one', async () => {
    expect(await problemsOf(showSources({ episode1: { duration: '12 minutes' } }))).toEqual([
      'content/articles/2024/05/ep1.md: duration: must be seconds or HH:MM:SS, such as 00:12:34, not "12 minutes"',
    ]);
    expect(await problemsOf(showSources({ episode1: { duration: '1:75' } }))).toEqual([
      'content/articles/2024/05/ep1.md: duration: must be seconds or HH:MM:SS, such as 00:12:34, not "1:75"',
    ]);
  });

  it('names episode fields on an article that is no episode', async () => {
    const src = { ...showSources(), 'articles/x.md': '---\ntitle: X\ndate: 2024-01-01\nseason: 2\n---\nBody.\n' };
    expect(await problemsOf(src)).toEqual([
      'content/articles/x.md: season: only an episode has it; add show: with a show id of site.yaml',
    ]);
  });

  it('names an episode without its audio', async () => {
    expect(await problemsOf(showSources({ episode1: { enclosure: undefined } }))).toEqual([
      'content/articles/2024/05/ep1.md: enclosure: an episode needs its audio or video file, such as { url: ./episode.mp3 }',
    ]);
  });

  it('names a missing transcript file and a missing show image', async () => {
    const src: Record<string, string> = showSources({ show: { image: 'shows/gone.jpg' } });
    delete src['articles/2024/05/ep1.vtt'];
    expect(await problemsOf(src)).toEqual([
      'content/articles/2024/05/ep1.md: transcript.0.url: "./ep1.vtt" names content/articles/2024/05/ep1.vtt, which does not exist or is not a media file Herald serves',
      'content/site.yaml: shows.the-briefing.image: "shows/gone.jpg" names content/articles/shows/gone.jpg, which does not exist or is not a media file Herald serves',
    ]);
  });

  it('names a show without the fields Apple requires', async () => {
    const problems = await problemsOf(
      sources({}, siteYaml({ shows: { 'the-briefing': { title: 'T', description: 'D', image: 'x.jpg' } } })),
    );
    expect(problems).toEqual([
      'content/site.yaml: shows.the-briefing.author: is required',
      'content/site.yaml: shows.the-briefing.owner: is required',
      'content/site.yaml: shows.the-briefing.categories: is required',
      'content/site.yaml: shows.the-briefing.explicit: is required',
    ]);
  });

  it('refuses a show id that cannot be a URL segment as it is', async () => {
    const [problem] = await problemsOf(sources({}, siteYaml({ shows: { 'The Briefing': SHOW } })));
    expect(problem).toMatch(/^content\/site\.yaml: shows\.The Briefing: a show id must be lower-case letters/);
  });
});
