// The article file both importers write: frontmatter fields -> file text, and title -> slug.
import { Document } from 'yaml';

/** A remote file has all three; a file beside the article has only `url` (the loader reads the rest). */
export interface ArticleEnclosure {
  url: string;
  type?: string;
  length?: number;
}

/** Frontmatter as the loader reads it (docs/writing.md); undefined fields are left out. */
export interface ArticleFields {
  title: string;
  /** ISO 8601 with offset, or bare YYYY-MM-DD. */
  date: string;
  updated?: string;
  summary?: string;
  author?: string | string[];
  tags?: string[];
  image?: string;
  draft?: boolean;
  url?: string;
  id?: string;
  enclosure?: ArticleEnclosure;
  /** An episode of this show of site.yaml, with the episode fields below. */
  show?: string;
  /** Seconds, or H:MM:SS. */
  duration?: string | number;
  season?: number;
  episode?: number;
  episodeType?: 'full' | 'trailer' | 'bonus';
  explicit?: boolean;
  format?: 'markdown' | 'html';
  /** Old addresses of the article on the site it came from: each answers 301 to it. */
  aliases?: string[];
}

// A fixed key order keeps re-imports diffable.
const KEY_ORDER: (keyof ArticleFields)[] = [
  'title',
  'date',
  'updated',
  'author',
  'tags',
  'summary',
  'image',
  'enclosure',
  'show',
  'duration',
  'season',
  'episode',
  'episodeType',
  'explicit',
  'id',
  'url',
  'draft',
  'format',
  'aliases',
];

/**
 * Every string is double-quoted: a title such as `Yes`, `2018` or `null: maybe` then reads back as the
 * same string under any YAML 1.1 or 1.2 parser, and dates stay strings instead of becoming timestamps.
 */
export function serializeArticle(fields: ArticleFields, body: string): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) {
    const value = fields[key];
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    ordered[key] = value;
  }
  const doc = new Document(ordered);
  const yaml = doc.toString({
    defaultStringType: 'QUOTE_DOUBLE',
    defaultKeyType: 'PLAIN',
    lineWidth: 0,
  });
  const text = body.trim();
  return `---\n${yaml}---\n${text === '' ? '' : `\n${text}\n`}`;
}

// Letters NFKD does not decompose into ASCII, spelled the usual way.
const TRANSLITERATE: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
};
const APOSTROPHES = /['\u2018\u2019\u02bc`]/g;
export const MAX_SLUG_LENGTH = 80;

/**
 * Title -> slug: lowercase ASCII words joined by "-", at most 80 characters cut at a word boundary.
 * A title with no ASCII letters or digits (e.g. Japanese) keeps its Unicode letters instead of
 * becoming empty. Returns "" only when the title has no letters or digits at all.
 */
export function slugify(title: string): string {
  const lower = title.normalize('NFC').toLowerCase().replace(APOSTROPHES, '');
  const ascii = lower
    .replace(/[ßæœøđðþłıħ]/g, (c) => TRANSLITERATE[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
  const words = ascii.split(/[^a-z0-9]+/).filter(Boolean);
  if (words.length > 0) return joinWords(words);
  return joinWords(lower.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean));
}

function joinWords(words: string[]): string {
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if ([...next].length > MAX_SLUG_LENGTH) {
      // One giant word: cut it rather than return nothing.
      return slug === '' ? [...word].slice(0, MAX_SLUG_LENGTH).join('') : slug;
    }
    slug = next;
  }
  return slug;
}

// File systems cap a name at 255 bytes; this leaves room for a "-2" counter and ".md". It keeps every
// slug WordPress itself can store (post_name holds at most 200 percent-encoded bytes) and every slugify
// result of BMP letters (80 characters of at most 3 bytes).
export const MAX_SLUG_BYTES = 240;

/**
 * Every slug a file name is made from (WordPress post_name, percent-decoded; a title's slugify; a
 * post id) made safe as one path segment: no "/", ".", "..", spaces or punctuation; Unicode letters kept
 * so the old URL shape survives; at most MAX_SLUG_BYTES of UTF-8. May return "".
 */
export function sanitizeSlug(raw: string): string {
  const dashed = raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_-]+/gu, '-')
    .replace(/-{2,}/g, '-');
  return trimDashes(truncateUtf8(trimDashes(dashed), MAX_SLUG_BYTES));
}

// An index loop rather than /^[-_]+|[-_]+$/: that pattern retries "[-_]+$" from every character of a
// long inner run of dashes, which takes time quadratic in the run's length.
function trimDashes(slug: string): string {
  const dash = (i: number) => slug[i] === '-' || slug[i] === '_';
  let start = 0;
  let end = slug.length;
  while (start < end && dash(start)) start++;
  while (end > start && dash(end - 1)) end--;
  return slug.slice(start, end);
}

/** The longest prefix of whole code points that fits in `max` bytes of UTF-8. */
function truncateUtf8(text: string, max: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const cp = char.codePointAt(0) as number;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes > max) return text.slice(0, end);
    end += char.length;
  }
  return text;
}

/** Assigns "-2", "-3"... to repeated paths, in input order, so two articles never share a file. */
export function createPathAllocator(): (dir: string, slug: string) => string {
  const taken = new Set<string>();
  // Where the search for each dir/slug resumes: every number below it is taken, so K posts sharing a
  // slug cost K lookups rather than K * K / 2.
  const next = new Map<string, number>();
  return (dir, slug) => {
    const key = `${dir}/${slug}`;
    for (let n = next.get(key) ?? 1; ; n++) {
      const path = `${dir}/${n === 1 ? slug : `${slug}-${n}`}.md`;
      if (!taken.has(path)) {
        taken.add(path);
        next.set(key, n + 1);
        return path;
      }
    }
  };
}
