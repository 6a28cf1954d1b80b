// fast-check arbitraries for hostile content and hostile requests, shared by the property tests.
// Expected values are computed here from the README's rules, never by calling the code under test.
import fc from 'fast-check';

/** Fragments that broke feed generators before: CDATA ends, entities, markup, odd Unicode. */
const FRAGMENTS = [
  ']]>',
  ']]>]]>]]>',
  '<![CDATA[',
  '&amp;',
  '&lt;b&gt;',
  '&#0;',
  '&#x1F600;',
  '&nbsp;',
  '&bogus;',
  '<b>bold</b>',
  '</title>',
  '</item>',
  '<script>alert(1)</script>',
  '"',
  "'",
  '<',
  '>',
  '&',
  '\r\n',
  '\r',
  '\n',
  '\t',
  '--',
  '---',
  '<!--',
  '-->',
  '<?xml?>',
  '\u202E',
  '\u200B',
  '\uFEFF',
  '\u0085',
  '\u2028',
  '\u00A0',
  'é',
  'e\u0301',
  '𝔘𝔫𝔦',
  '😀',
  '👩‍👩‍👧',
  '中文',
  'עברית',
  '# heading',
  '* item',
  '[link](javascript:alert(1))',
  '`code`',
  '\\',
  '%s',
  '%00',
  '..',
  '/',
  '  ',
];

const controlChar = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u007f', '\u0080', '\u009f', '\uFFFE', '\uFFFF'),
);
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Any text at all: astral characters, controls, lone surrogates, markup, entities, `]]>`. */
export const hostileText = (maxParts = 10): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { arbitrary: fc.constantFrom(...FRAGMENTS), weight: 4 },
        { arbitrary: controlChar, weight: 1 },
        { arbitrary: loneSurrogate, weight: 1 },
        { arbitrary: fc.string({ unit: 'binary', maxLength: 6 }), weight: 2 },
        { arbitrary: fc.string({ maxLength: 8 }), weight: 2 },
      ),
      { maxLength: maxParts },
    )
    .map((parts) => parts.join(''));

/** XML 1.0 section 2.2 Char: what survives in a document. Code points, so a lone surrogate is dropped. */
export function xmlChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    const ok =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      (c >= 0x10000 && c <= 0x10ffff);
    if (ok) out += ch;
  }
  return out;
}

/** What a title, tag or name reads as in every feed: invalid XML characters removed, then trimmed. */
export const shown = (text: string): string => xmlChars(text).trim();

/** Hostile text that still names something (a title, a tag, an author). */
export const hostileName = (maxParts = 8): fc.Arbitrary<string> => hostileText(maxParts).filter((t) => shown(t) !== '');

/** A body: hostile Markdown, occasionally about 100 KB of it. */
export const hostileBody: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: hostileText(30), weight: 8 },
  {
    arbitrary: hostileText(6).map((t) => `${t}\n\n${`${t || 'x'} ]]> &amp; <b>`.repeat(100_000)}`.slice(0, 100_000)),
    weight: 1,
  },
);

/** A file-name segment a disk can hold: anything but "/" and NUL, never "." or "..", valid Unicode. */
const segment = fc
  .string({
    unit: fc.oneof(
      { arbitrary: fc.constantFrom(...' -_.,;:!?#%&+=@~$()[]{}\'"`^|<>*\\'.split('')), weight: 3 },
      { arbitrary: fc.constantFrom('%2F', '%2e', '%25', '%zz', '%E0%A4%A', '\t', '\u007f', '\uFFFF'), weight: 1 },
      { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 4 },
      { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 4 },
    ),
    minLength: 1,
    maxLength: 12,
  })
  .map((s) => s.replace(/[/\u0000\n\r\u2028\u2029]/g, '_'))
  .filter((s) => s !== '.' && s !== '..');

/** An article slug: one to three segments. */
export const slugPath: fc.Arbitrary<string> = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));

export interface OddDate {
  /** As written in frontmatter. */
  text: string;
  /** The instant it names (ms), computed from the parts, not by the service's parser. */
  ms: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const daysIn = (y: number, m: number) =>
  [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    m - 1
  ] as number;

function instant(y: number, m: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d); // literal years: Date.UTC would read 0-99 as 1900-1999
  return date.setUTCHours(h, mi, s, ms);
}

/** Odd but valid dates: years 0000-9998 (0-99 included), leap days, fractions of 1-9 digits, t/space
 * separators, z, offsets up to ±23:59 with or without a colon, bare days (UTC site). */
export const oddDate: fc.Arbitrary<OddDate> = fc
  .record({
    y: fc.oneof(
      fc.constantFrom(0, 1, 4, 99, 100, 999, 1969, 1970, 2000, 2024, 9998),
      fc.integer({ min: 0, max: 9998 }),
    ),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    sep: fc.constantFrom('T', 't', ' '),
    zone: fc.oneof(
      fc.constantFrom('Z', 'z'),
      fc.record({
        sign: fc.constantFrom('+', '-'),
        oh: fc.integer({ min: 0, max: 23 }),
        om: fc.integer({ min: 0, max: 59 }),
        colon: fc.boolean(),
      }),
    ),
    bare: fc.boolean(),
  })
  .map(({ y, m, d: day, h, mi, s, fraction, sep, zone, bare }) => {
    const d = Math.min(day, daysIn(y, m));
    const date = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
    if (bare) return { text: date, ms: instant(y, m, d, 0, 0, 0, 0) };
    const frac = fraction === undefined ? '' : `.${fraction}`;
    const millis = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
    const local = instant(y, m, d, h, mi, s, millis);
    const time = `${date}${sep}${pad(h)}:${pad(mi)}:${pad(s)}${frac}`;
    if (typeof zone === 'string') return { text: `${time}${zone}`, ms: local };
    const offset = (zone.oh * 60 + zone.om) * (zone.sign === '-' ? -1 : 1);
    return {
      text: `${time}${zone.sign}${pad(zone.oh)}${zone.colon ? ':' : ''}${pad(zone.om)}`,
      ms: local - offset * 60_000,
    };
  })
  // Feeds and HTTP dates carry four-digit years: the instant itself must fall in 0000-9998 UTC.
  .filter(({ ms }) => {
    const year = new Date(ms).getUTCFullYear();
    return year >= 0 && year <= 9998;
  });

export interface ArticleSpec {
  slug: string;
  title: string;
  body: string;
  date: OddDate;
  /** Minutes after `date`, when the article has an `updated`. */
  updatedAfter?: number;
  summary?: string;
  tags: string[];
  authors: string[];
  /** The tail of a custom `tag:` id, when the article keeps one. */
  idTail?: string;
  /** A query string for an external canonical `url`, when the article has one. */
  external?: string;
}

/** Non-whitespace hostile text, for the tail of a custom id (RFC 4287 ids are IRIs, no spaces). */
const idTail = hostileText(6)
  .map((t) => xmlChars(t).replace(/\s/g, ''))
  .filter((t) => t !== '');

/** A tag or author name: any hostile name but one that reads "." or ".." (README: no URL can hold
 * such a segment, so the loader refuses it). */
const groupName = hostileName(4).filter((name) => !['.', '..'].includes(shown(name)));

export const articleSpec: fc.Arbitrary<ArticleSpec> = fc.record(
  {
    slug: slugPath,
    title: hostileName(),
    body: hostileBody,
    date: oddDate,
    updatedAfter: fc.integer({ min: 0, max: 10_000_000 }),
    summary: hostileText(),
    tags: fc.array(groupName, { maxLength: 30 }),
    authors: fc.array(groupName, { maxLength: 10 }),
    idTail,
    external: hostileText(4).map((t) => xmlChars(t).replace(/\s/g, '')),
  },
  { requiredKeys: ['slug', 'title', 'body', 'date', 'tags', 'authors'] },
);

/** One to `max` articles with slugs that differ in more than case (the store refuses a case clash). */
export const articleSpecs = (max: number): fc.Arbitrary<ArticleSpec[]> =>
  fc.uniqueArray(articleSpec, { minLength: 1, maxLength: max, selector: (a) => a.slug.toLowerCase() });

/** The `updated` instant of a spec, when it has one that still has a four-digit year. */
export function updatedOf(spec: ArticleSpec): number | undefined {
  if (spec.updatedAfter === undefined) return undefined;
  const ms = spec.date.ms + spec.updatedAfter * 60_000;
  return new Date(ms).getUTCFullYear() <= 9998 ? ms : undefined;
}

/** Frontmatter fields of an article spec (what articleFile() turns into YAML). */
export function frontmatterOf(spec: ArticleSpec, index: number): Record<string, unknown> {
  return {
    title: spec.title,
    date: spec.date.text,
    ...(updatedOf(spec) !== undefined ? { updated: new Date(updatedOf(spec) as number).toISOString() } : {}),
    ...(spec.summary !== undefined ? { summary: spec.summary } : {}),
    ...(spec.tags.length ? { tags: spec.tags } : {}),
    ...(spec.authors.length ? { author: spec.authors } : {}),
    ...(spec.idTail !== undefined ? { id: `tag:news.example.org,2024:${index}-${spec.idTail}` } : {}),
    ...(spec.external !== undefined ? { url: `https://elsewhere.example/${index}?q=${spec.external}` } : {}),
  };
}

// ---- Hostile requests -------------------------------------------------------------------------

const PATH_PIECES = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2e',
  '..%2f',
  '%2f',
  '%2F',
  '%00',
  '%zz',
  '%E0%A4%A',
  '%',
  '%%',
  '%C0%AE',
  '%ED%A0%80',
  '%F0%9F',
  '\\',
  ';',
  '?',
  '#',
  'rss.xml',
  'atom.xml',
  'feed.json',
  'tags',
  'authors',
  'articles',
  'archive',
  '1',
  '0',
  '-1',
  '99999999999999999999',
  'politics',
  'ann',
  'package.json',
  'etc',
  'passwd',
  'node_modules',
  'healthz',
  'feeds.opml',
  'style.css',
  'é',
  '😀',
  '\u202E',
  ' ',
];

const pathSegment = fc.oneof(
  { arbitrary: fc.constantFrom(...PATH_PIECES), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 8 }), weight: 2 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 2 },
  { arbitrary: fc.integer({ min: 200, max: 8000 }).map((n) => 'x'.repeat(n)), weight: 1 },
);

/** A request path: real routes mixed with traversal, bad escapes, Unicode and very long segments. */
export const hostilePath: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '/',
      '/rss.xml',
      '/atom.xml',
      '/feed.json',
      '/feeds.opml',
      '/style.css',
      '/healthz',
      '/tags/politics/rss.xml',
      '/tags/asia/atom.xml',
      '/authors/ann/feed.json',
      '/archive/1/rss.xml',
      '/tags/politics/archive/1/atom.xml',
      '/articles/2024/alpha',
      '/articles/2024/future',
      '/articles/2024/draft',
    ),
    weight: 2,
  },
  {
    arbitrary: fc.array(pathSegment, { minLength: 0, maxLength: 6 }).map((segments) => `/${segments.join('/')}`),
    weight: 5,
  },
);

/** A query string: repeated and garbage ?page values, huge numbers, bad escapes. */
export const hostileQuery: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'page=2',
        'page=1',
        'page=0',
        'page=-1',
        'page=1e3',
        'page=0x10',
        'page=99999999999999999999999',
        'page=%zz',
        'page=',
        'page',
        '%zz=1',
        'page[]=1',
        '=',
        '&&',
        'utm_source=x',
      ),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 10 }),
    ),
    { maxLength: 5 },
  )
  .map((parts) => (parts.length ? `?${parts.join('&')}` : ''));

/** Methods Fetch accepts (CONNECT, TRACE and TRACK it refuses to build): real, lower-case and unknown tokens. */
export const hostileMethod: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom('GET', 'HEAD'), weight: 4 },
  {
    arbitrary: fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'get', 'head', 'Get', 'PROPFIND', 'BREW'),
    weight: 2,
  },
  {
    arbitrary: fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,12}$/).filter((m) => !/^(connect|trace|track)$/i.test(m)),
    weight: 1,
  },
);

const headerValue = (pieces: string[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...pieces), weight: 6 },
    // Header values: visible ASCII and spaces (what Fetch lets a client send), any length.
    {
      arbitrary: fc.string({
        unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        maxLength: 60,
      }),
      weight: 3,
    },
    { arbitrary: fc.integer({ min: 1000, max: 8000 }).map((n) => '"a",'.repeat(n / 4)), weight: 1 },
  );

/** Conditional and negotiation headers with odd values (each present or not). */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'if-none-match': headerValue(['*', '"x"', 'W/"x"', 'W/', '"', '""', ',,,', '"a", W/"b", *', 'W/"\u00ff"']),
    'if-modified-since': headerValue([
      'Sun, 06 Nov 1994 08:49:37 GMT',
      'Sunday, 06-Nov-94 08:49:37 GMT',
      'Sun Nov  6 08:49:37 1994',
      'Mon, 32 Feb 2024 25:61:61 GMT',
      'Fri, 31 Dec 9999 23:59:59 GMT',
      'Sat, 01 Jan 0000 00:00:00 GMT',
      '0',
      '-1',
      'yesterday',
    ]),
    'if-match': headerValue(['*', '"x"', 'W/"x"']),
    'if-unmodified-since': headerValue(['Sun, 06 Nov 1994 08:49:37 GMT', 'garbage']),
    'accept-encoding': headerValue([
      'gzip',
      'br;q=1.0, gzip;q=0.5',
      'identity;q=0',
      '*;q=0',
      'gzip;q=2',
      'br;q=-1',
      'gzip;q=NaN',
      ';;;',
      'x-gzip, deflate, zstd',
    ]),
  },
  { requiredKeys: [] },
);
