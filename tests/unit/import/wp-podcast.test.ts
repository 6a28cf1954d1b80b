// A post's enclosure and episode details, from the post meta WordPress core and PowerPress write.
import { describe, expect, it } from 'vitest';
import { podcastOf, readDuration } from '../../../src/import/wp-podcast.ts';

const meta = (...entries: [string, string][]) => {
  const map = new Map<string, string[]>();
  for (const [key, value] of entries) map.set(key, [...(map.get(key) ?? []), value]);
  return map;
};

// What PowerPress's episode box saves: URL, size and type, then serialize() of the episode's details.
const POWERPRESS =
  'https://media.example.net/ep12.mp3\n5242880\naudio/mpeg\n' +
  'a:5:{s:8:"duration";s:8:"00:42:10";s:6:"season";s:1:"2";s:10:"episode_no";s:2:"12";s:12:"episode_type";s:5:"bonus";s:8:"explicit";s:1:"1";}';

describe('podcastOf', () => {
  it('reads the enclosure and the details PowerPress serializes after it', () => {
    expect(podcastOf(meta(['enclosure', POWERPRESS]))).toEqual({
      enclosure: { url: 'https://media.example.net/ep12.mp3', type: 'audio/mpeg', length: 5242880 },
      playable: true,
      episode: { duration: '00:42:10', season: 2, episode: 12, episodeType: 'bonus', explicit: true },
      notes: [],
    });
  });

  it('reads PowerPress explicit 0/1/2 as not set, yes and clean', () => {
    const explicit = (value: string) =>
      podcastOf(meta(['enclosure', `https://e.com/a.mp3\n1\naudio/mpeg\na:1:{s:8:"explicit";s:1:"${value}";}`])).episode
        .explicit;
    expect([explicit('0'), explicit('1'), explicit('2')]).toEqual([undefined, true, false]);
  });

  it('falls back to a _podcast array and itunes: keys, the enclosure line winning', () => {
    const { episode } = podcastOf(
      meta(
        ['enclosure', 'https://e.com/a.mp3\n100\naudio/mpeg\na:1:{s:6:"season";s:1:"3";}'],
        ['_podcast', 'a:3:{s:6:"season";s:1:"9";s:12:"episode_type";s:7:"trailer";s:8:"explicit";s:5:"clean";}'],
        ['itunes:duration', '5:30'],
      ),
    );
    expect(episode).toEqual({ duration: '00:05:30', season: 3, episodeType: 'trailer', explicit: false });
  });

  it("takes a PowerPress channel's enclosure (_SLUG:enclosure) when the post has no default one", () => {
    const result = podcastOf(meta(['_video-show:enclosure', 'https://e.com/v.mp4\n10\nvideo/mp4']));
    expect(result.enclosure?.url).toBe('https://e.com/v.mp4');
    expect(result.playable).toBe(true);
  });

  it('guesses the type from the file name when the stored one is not a MIME type, as PowerPress does', () => {
    expect(podcastOf(meta(['enclosure', 'https://e.com/a.m4a\n10\nm4a'])).enclosure?.type).toBe('audio/mp4');
  });

  it('keeps the first of several enclosures, with a note, and counts a PDF as not playable', () => {
    const result = podcastOf(
      meta(
        ['enclosure', 'https://e.com/a.pdf\n10\napplication/pdf'],
        ['enclosure', 'https://e.com/b.mp3\n1\naudio/mpeg'],
      ),
    );
    expect(result.enclosure?.url).toBe('https://e.com/a.pdf');
    expect(result.playable).toBe(false);
    expect(result.notes).toEqual(['2 enclosures; Herald keeps one: https://e.com/a.pdf']);
  });

  it('leaves out details that the loader would refuse', () => {
    const { episode } = podcastOf(
      meta([
        'enclosure',
        'https://e.com/a.mp3\n1\naudio/mpeg\na:4:{s:8:"duration";s:4:"1:75";s:6:"season";s:3:"1.5";s:10:"episode_no";s:1:"0";s:12:"episode_type";s:7:"special";}',
      ]),
    );
    expect(episode).toEqual({});
  });
});

describe('readDuration', () => {
  it.each([
    ['00:42:10', '00:42:10'],
    ['42:10', '00:42:10'],
    ['1:02:03', '01:02:03'],
    ['90', '00:01:30'],
    [3725, '01:02:05'],
    ['59.6', '00:01:00'],
  ])('%s -> %s', (input, expected) => {
    expect(readDuration(input)).toBe(expected);
  });

  it.each(['', '1:75', '1:2:3:4', 'an hour', '0', '-5'])('refuses %j', (input) => {
    expect(readDuration(input)).toBeUndefined();
  });
});
