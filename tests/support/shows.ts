// A store with a podcast show as publishers write one: site.yaml `shows`, and episodes beside their
// audio, transcript and chapters files (a local episode, a remote one, a trailer, a bonus in a second
// season, a scheduled one), plus an article that is no episode.
import type { Sources } from '../../src/content/load.ts';
import { articleFile, siteYaml, sources } from './fixtures.ts';

export const SHOW = {
  title: 'The Briefing',
  description: 'The day’s news in twelve minutes, & nothing more.',
  author: 'Herald News Desk',
  owner: { name: 'Ada Editor', email: 'podcast@news.example.org' },
  image: 'shows/briefing.jpg',
  categories: ['News', 'News > Daily News', 'Society & Culture'],
  explicit: false,
  type: 'episodic',
  funding: { url: 'https://news.example.org/support', text: 'Support the show' },
  locked: true,
};

/** Bytes of the local episode: its enclosure length must come out as this. */
export const EPISODE_BYTES = 4321;

export function showSources(overrides: { show?: Record<string, unknown>; episode1?: Record<string, unknown> } = {}) {
  const src: Sources = sources(
    {
      '2024/05/ep1': articleFile(
        {
          title: 'Episode 1: Ballots & borders',
          date: '2024-05-01T06:00:00Z',
          show: 'the-briefing',
          enclosure: { url: './ep1.mp3' },
          duration: '00:12:34',
          season: 1,
          episode: 1,
          image: './ep1.jpg',
          transcript: [
            { url: './ep1.vtt', language: 'en' },
            { url: './ep1.srt', rel: 'captions' },
          ],
          chapters: './ep1.chapters.json',
          persons: [
            { name: 'Jane Roe', role: 'host', href: 'https://news.example.org/people/jane' },
            { name: 'Li Wei', role: 'guest', img: './li-wei.png' },
          ],
          ...overrides.episode1,
        },
        'Show notes with a [map](./map.png).\n',
      ),
      '2024/05/ep2': articleFile({
        title: 'Episode 2',
        date: '2024-05-02T06:00:00Z',
        show: 'the-briefing',
        enclosure: { url: 'https://cdn.example.org/briefing/ep2.m4a', type: 'audio/x-m4a', length: 9876543 },
        duration: 754.4,
        season: 1,
        episode: 2,
        explicit: true,
      }),
      '2024/04/trailer': articleFile({
        title: 'Trailer',
        date: '2024-04-20T06:00:00Z',
        show: 'the-briefing',
        enclosure: { url: './trailer.mp3' },
        duration: 60,
        episodeType: 'trailer',
      }),
      '2024/05/bonus': articleFile({
        title: 'Bonus: Q&A',
        date: '2024-05-03T06:00:00Z',
        show: 'the-briefing',
        enclosure: { url: 'https://cdn.example.org/briefing/bonus.mp3', type: 'audio/mpeg', length: 1000 },
        season: 2,
        episode: 100.5,
        episodeType: 'bonus',
      }),
      '2024/07/ep3': articleFile({
        title: 'Episode 3, scheduled',
        date: '2024-07-01T06:00:00Z',
        show: 'the-briefing',
        enclosure: { url: 'https://cdn.example.org/briefing/ep3.mp3', type: 'audio/mpeg', length: 2000 },
      }),
      '2024/05/column': articleFile({ title: 'A column', date: '2024-05-04T06:00:00Z', tags: ['opinion'] }),
    },
    siteYaml({ shows: { 'the-briefing': { ...SHOW, ...overrides.show } } }),
  );
  return {
    ...src,
    'articles/2024/05/ep1.mp3': 'I'.repeat(EPISODE_BYTES),
    'articles/2024/05/ep1.jpg': 'JPEG',
    'articles/2024/05/ep1.vtt': 'WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n',
    'articles/2024/05/ep1.srt': '1\n00:00:00,000 --> 00:00:01,000\nHello\n',
    'articles/2024/05/ep1.chapters.json': '{"version":"1.2.0","chapters":[{"startTime":0,"title":"Intro"}]}',
    'articles/2024/05/li-wei.png': 'PNG',
    'articles/2024/05/map.png': 'PNG',
    'articles/2024/04/trailer.mp3': 'T'.repeat(600),
    'articles/shows/briefing.jpg': 'JPEG',
  };
}
