// A post's podcast episode, as WordPress and its podcast plugins keep it in post meta:
// - `enclosure` (WordPress core, and PowerPress's default feed): "URL\nLENGTH\nTYPE", and after PowerPress
//   a fourth line holding a PHP-serialized array of the episode's details (duration "HH:MM:SS", season,
//   episode_no, episode_type, explicit 0/1/2 for not set/yes/clean...);
// - `_SLUG:enclosure`: the same, for a PowerPress channel other than the default one;
// - a serialized `_podcast` array, and `itunes:duration`-style keys that older plugins and imports left.
import { mediaType } from '../core/media-types.ts';
import type { ArticleEnclosure } from './article-file.ts';
import { type PhpValue, parsePhpSerialized, phpField } from './php-serialized.ts';

export interface EpisodeFields {
  /** HH:MM:SS. */
  duration?: string;
  season?: number;
  episode?: number;
  episodeType?: 'full' | 'trailer' | 'bonus';
  explicit?: boolean;
}

export interface PostPodcast {
  enclosure?: ArticleEnclosure & { type: string; length: number };
  /** The enclosure is audio or video: the post can be an episode. */
  playable: boolean;
  episode: EpisodeFields;
  notes: string[];
}

const ENCLOSURE_KEY = /^_[^:]+:enclosure$/;

/** The enclosure and episode details of a post, from its meta (key -> values, in export order). */
export function podcastOf(meta: ReadonlyMap<string, readonly string[]>): PostPodcast {
  const notes: string[] = [];
  // WordPress's own `enclosure` first: PowerPress's default feed reads it, and get_post_meta(..., true)
  // takes the first value. Other channels' enclosures follow in export order.
  const raw = [
    ...(meta.get('enclosure') ?? []),
    ...[...meta].filter(([key]) => ENCLOSURE_KEY.test(key)).flatMap(([, values]) => values),
  ];
  const parsed = raw.map(parseEnclosureMeta).filter((e) => e !== undefined);
  const chosen = parsed[0];
  if (raw.length > 1)
    notes.push(`${raw.length} enclosures; Herald keeps one: ${chosen?.enclosure.url ?? 'none parsed'}`);

  // Where each detail may be, in order of preference.
  const sources: PhpValue[] = [];
  if (chosen?.extra !== undefined) sources.push(chosen.extra);
  for (const value of meta.get('_podcast') ?? []) {
    const array = parsePhpSerialized(value);
    if (array instanceof Map) sources.push(array);
  }
  const plain = (key: string) => meta.get(`itunes:${key}`)?.[0] ?? meta.get(`_itunes_${key}`)?.[0];
  const pick = (keys: string[], plainKey: string): PhpValue | undefined => {
    for (const source of sources) {
      for (const key of keys) {
        const value = phpField(source, key);
        if (value !== undefined && value !== null && value !== '') return value;
      }
    }
    return plain(plainKey);
  };

  const episode: EpisodeFields = {};
  const duration = readDuration(pick(['duration', 'itunes_duration', 'length'], 'duration'));
  if (duration !== undefined) episode.duration = duration;
  const season = positiveNumber(pick(['season', 'itunes_season'], 'season'));
  if (season !== undefined && Number.isInteger(season)) episode.season = season;
  const number = positiveNumber(pick(['episode_no', 'episode_number', 'itunes_episode', 'episode'], 'episode'));
  if (number !== undefined) episode.episode = number;
  const type = String(pick(['episode_type', 'itunes_episode_type', 'episodeType'], 'episodeType') ?? '')
    .trim()
    .toLowerCase();
  if (type === 'full' || type === 'trailer' || type === 'bonus') episode.episodeType = type;
  const explicit = readExplicit(pick(['explicit', 'itunes_explicit'], 'explicit'));
  if (explicit !== undefined) episode.explicit = explicit;

  const enclosure = chosen?.enclosure;
  const playable = enclosure !== undefined && /^(?:audio|video)\//i.test(enclosure.type);
  return { ...(enclosure ? { enclosure } : {}), playable, episode, notes };
}

/** WordPress stores an enclosure as "URL\nLENGTH\nTYPE" (plus, sometimes, a serialized array). */
export function parseEnclosure(value: string): (ArticleEnclosure & { type: string; length: number }) | undefined {
  return parseEnclosureMeta(value)?.enclosure;
}

function parseEnclosureMeta(
  value: string,
): { enclosure: ArticleEnclosure & { type: string; length: number }; extra?: PhpValue } | undefined {
  // PHP's explode("\n", $meta, 4): the fourth part is the rest, line breaks and all.
  const lines = value.split('\n');
  const [url = '', length = '', type = ''] = lines.map((s) => s.trim());
  if (!/^https?:\/\//i.test(url)) return undefined;
  const bytes = Number.parseInt(length, 10);
  // PowerPress guesses the type from the file name when the stored one is not a MIME type; so do we.
  const guessed = mediaType(url.split(/[?#]/)[0] as string)?.split(';')[0];
  const extra = parsePhpSerialized(lines.slice(3).join('\n'));
  return {
    enclosure: {
      url,
      type: /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : (guessed ?? 'application/octet-stream'),
      length: Number.isFinite(bytes) && bytes >= 0 ? bytes : 0,
    },
    ...(extra instanceof Map ? { extra } : {}),
  };
}

/** Seconds or [[H:]MM:]SS (as PowerPress and feeds write it) -> HH:MM:SS; undefined when unreadable or zero. */
export function readDuration(value: PhpValue | undefined): string | undefined {
  if (value === undefined || value === null || typeof value === 'boolean' || value instanceof Map) return undefined;
  let seconds: number;
  if (typeof value === 'number') seconds = value;
  else {
    const parts = value.trim().split(':');
    const numbers = parts.map((p) => (/^\d+(?:\.\d+)?$/.test(p) ? Number(p) : Number.NaN));
    // Minutes and seconds below 60 once there is a larger unit, as the loader requires.
    const ok = parts.length <= 3 && numbers.every((n, i) => !Number.isNaN(n) && (i === 0 || n < 60));
    if (!ok) return undefined;
    seconds = numbers.reduce((total, n) => total * 60 + n, 0);
  }
  seconds = Math.round(seconds);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 31536000) return undefined;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

function positiveNumber(value: PhpValue | undefined): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,9}(?:\.\d{1,6})?$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}

/** PowerPress: 0 not set, 1 yes, 2 clean; feeds and other plugins: yes/no/clean/true/false. */
function readExplicit(value: PhpValue | undefined): boolean | undefined {
  const text = String(value ?? '')
    .trim()
    .toLowerCase();
  if (['1', 'yes', 'true', 'explicit', 'on'].includes(text)) return true;
  if (['2', 'no', 'false', 'clean'].includes(text)) return false;
  return undefined;
}
