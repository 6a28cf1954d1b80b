// The WordPress importer on a podcast site run with PowerPress (tests/fixtures/wordpress/podcast-export.xml):
// episodes keep their enclosure, and with a show their duration, season, number, type and explicit flag.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importWordPress } from '../../../src/import/wordpress.ts';

const xml = readFileSync(new URL('../../fixtures/wordpress/podcast-export.xml', import.meta.url), 'utf8');

function front(result: ReturnType<typeof importWordPress>, id: string): Record<string, unknown> {
  const article = result.articles.find((a) => a.postId === id);
  if (!article) throw new Error(`post ${id} was not imported`);
  return parse(/^---\n([\s\S]*?)\n---\n/.exec(article.fileText)?.[1] ?? '');
}

describe('a PowerPress export with --show', () => {
  const result = importWordPress(xml, { show: 'briefing' });

  it('makes every post with an audio or video enclosure an episode, with the details PowerPress kept', () => {
    expect(front(result, '301')).toMatchObject({
      enclosure: {
        url: 'https://www.podcast.example.org/wp-content/uploads/2023/04/episode-12.mp3',
        type: 'audio/mpeg',
        length: 5242880,
      },
      show: 'briefing',
      duration: '00:42:10',
      season: 2,
      episode: 12,
      episodeType: 'full',
      explicit: true,
    });
    // A trailer whose details came from the _podcast array and the itunes:duration key.
    expect(front(result, '302')).toMatchObject({
      show: 'briefing',
      duration: '00:05:30',
      season: 2,
      episodeType: 'trailer',
      explicit: false,
    });
    expect(front(result, '303')).toMatchObject({
      enclosure: { type: 'video/mp4' },
      show: 'briefing',
      duration: '01:02:03',
      episode: 13,
    });
    expect(result.episodes).toBe(3);
  });

  it('leaves a post whose enclosure is a document out of the show', () => {
    const reading = front(result, '304');
    expect(reading.enclosure).toMatchObject({ type: 'application/pdf' });
    expect(reading).not.toHaveProperty('show');
    expect(reading).not.toHaveProperty('duration');
  });
});

describe('a PowerPress export without --show', () => {
  const result = importWordPress(xml);

  it('keeps each enclosure but no episode field, which the loader accepts on an episode only', () => {
    const episode = front(result, '301');
    expect(episode.enclosure).toMatchObject({ type: 'audio/mpeg' });
    for (const field of ['show', 'duration', 'season', 'episode', 'episodeType', 'explicit']) {
      expect(episode).not.toHaveProperty(field);
    }
    expect(result.episodeDetailsLeftOut).toBe(3);
    expect(result.articles.find((a) => a.postId === '301')?.notes).toContain(
      'episode details (duration, season, number...) left out: import with --show ID to keep them',
    );
  });

  it('reads the channel for site.yaml', () => {
    expect(result.channel).toMatchObject({
      title: 'The Briefing Room',
      link: 'https://podcast.example.org',
      language: 'en-GB',
      authors: [{ login: 'ada', name: 'Ada Host', id: '7', email: 'ada@podcast.example.org' }],
    });
  });

  it('reads itunes: elements of the channel where someone added them', () => {
    const withItunes = xml.replace(
      '<language>en-GB</language>',
      `<language>en-GB</language>
      <itunes:owner><itunes:name>Briefing Desk</itunes:name><itunes:email>desk@podcast.example.org</itunes:email></itunes:owner>
      <itunes:image href="https://podcast.example.org/cover.jpg"/>
      <itunes:category text="News"><itunes:category text="Daily News"/></itunes:category>
      <itunes:category text="Society &amp; Culture"/>
      <itunes:explicit>no</itunes:explicit>`,
    );
    expect(importWordPress(withItunes).channel.podcast).toEqual({
      owner: { name: 'Briefing Desk', email: 'desk@podcast.example.org' },
      image: 'https://podcast.example.org/cover.jpg',
      categories: ['News > Daily News', 'Society & Culture'],
      explicit: false,
    });
  });
});
