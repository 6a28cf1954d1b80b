// What content/site.yaml and each article's frontmatter may hold, checked once at load (valibot).
import * as v from 'valibot';
import { groupSlugProblem } from '../core/slug.ts';
import { isAbsoluteHttpUrl, isHeaderSafe, normalizeUrl } from '../core/urls.ts';
import { parseAppleCategory } from './apple-categories.ts';
import { isTimeZone } from './dates.ts';
import { describeUnknownFields } from './unknown-fields.ts';

const nonEmpty = (what: string) =>
  v.pipe(v.string(`must be ${what}`), v.trim(), v.minLength(1, `must be ${what}, not empty`));

/** An absolute http(s) URL, normalised by the URL parser (urls.ts normalizeUrl): site.yaml's and an
 * article's URLs, and SITE_URL and HUB_URL (app/config.ts). */
export const absoluteUrl = v.pipe(
  v.string('must be an absolute http(s) URL'),
  v.trim(),
  v.check(isAbsoluteHttpUrl, 'must be an absolute http(s) URL such as https://example.org/'),
  v.transform(normalizeUrl),
  // Normalised URLs are ASCII; a header field must be visible ASCII too (RFC 9110 section 5.5): checked
  // here so the process never meets a value node:http refuses while answering a request.
  v.check(isHeaderSafe, 'cannot be sent in an HTTP header (WebSub Link); write it as a browser shows it'),
);

/** True when `value`, resolved the way a browser would, is an http(s) URL. */
function isHttpReference(value: string): boolean {
  try {
    // Resolve before judging: the URL parser drops tabs, newlines and leading controls, so
    // "java\tscript:alert(1)" is a javascript: URL, not a relative path.
    const { protocol } = new URL(value, 'https://base.invalid/');
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** A URL that may be relative to the article (resolved at load). javascript:, data: and friends are refused. */
const linkUrl = v.pipe(
  v.string('must be a URL'),
  v.trim(),
  v.minLength(1, 'must be a URL, not empty'),
  v.check(isHttpReference, 'must be an http(s) URL or a path relative to the article'),
);

const wholeSeconds = v.pipe(
  v.number('must be a whole number of seconds'),
  v.integer('must be a whole number of seconds'),
  v.minValue(0, 'must not be negative'),
  v.maxValue(31536000, 'must be at most 31536000 (one year)'),
);

const mimeType = v.pipe(
  v.string('must be a MIME type such as audio/mpeg'),
  v.trim(),
  v.regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type such as audio/mpeg'),
);

/** Seconds, or [[H:]MM:]SS as podcast apps write it ("00:12:34", "12:34"), to seconds. */
const duration = v.pipe(
  v.union([v.number(), v.string()], 'must be seconds or HH:MM:SS'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const value = dataset.value;
    if (typeof value === 'number') {
      if (Number.isFinite(value) && value >= 0) return value;
    } else {
      const parts = value.trim().split(':');
      const numbers = parts.map((p) => (/^\d+(?:\.\d+)?$/.test(p) ? Number(p) : Number.NaN));
      // Minutes and seconds below 60 once there is a larger unit: "1:75" is a typo, not 2:15.
      const inRange = numbers.every((n, i) => !Number.isNaN(n) && (i === 0 || n < 60));
      if (parts.length <= 3 && inRange) return numbers.reduce((total, n) => total * 60 + n, 0);
    }
    addIssue({ message: `must be seconds or HH:MM:SS, such as 00:12:34, not "${value}"` });
    return NEVER;
  }),
);

const TranscriptSchema = v.object(
  {
    url: linkUrl,
    // Optional for a file beside the article: known from its extension (load.ts).
    type: v.optional(mimeType),
    language: v.optional(
      v.pipe(
        v.string('must be a BCP 47 language tag such as en'),
        v.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en'),
      ),
    ),
    // "captions": timed captions, which apps may show over video (podcast namespace, transcript).
    rel: v.optional(v.picklist(['captions'], 'must be captions, or left out')),
  },
  'must be a mapping of url, type and language',
);

const EpisodePersonSchema = v.object(
  {
    name: nonEmpty('a name'),
    // The namespace's taxonomy (host, guest, producer...): free text there, checked by apps.
    role: v.optional(nonEmpty('a role such as host or guest')),
    group: v.optional(nonEmpty('a group such as cast or writing')),
    href: v.optional(absoluteUrl),
    img: v.optional(linkUrl),
  },
  'must be a mapping of name, role, group, href and img',
);

const PersonSchema = v.object(
  {
    name: nonEmpty('a name'),
    email: v.optional(v.pipe(v.string(), v.trim(), v.email('must be an e-mail address'))),
    url: v.optional(absoluteUrl),
  },
  'must be a mapping of name, email and url',
);

const email = v.pipe(v.string('must be an e-mail address'), v.trim(), v.email('must be an e-mail address'));

/** A show's id: the URL segment of its feeds (/podcasts/<id>/rss.xml), so it never needs encoding. */
export const SHOW_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// The podcast namespace 1.0, podcast:medium: what the feed is; the "L" forms are lists of that medium.
const MEDIUMS = ['podcast', 'music', 'video', 'film', 'audiobook', 'newsletter', 'blog', 'publisher', 'course'];

const ShowSchema = v.object(
  {
    title: nonEmpty('the show title'),
    description: nonEmpty('a description of the show'),
    author: nonEmpty('the name listeners see as the author (itunes:author)'),
    // Apple's contact for the show, never shown to listeners: the e-mail proves ownership.
    owner: v.object({ name: nonEmpty('a name'), email }, 'must be a mapping of name and email'),
    // A URL, or a path under content/articles/ (load.ts resolves and checks it).
    image: linkUrl,
    categories: v.pipe(
      v.array(
        v.pipe(
          v.string('must be one of Apple’s categories, such as "News" or "News > Daily News"'),
          v.trim(),
          v.check(
            (text) => parseAppleCategory(text).ok,
            (issue) => {
              const parsed = parseAppleCategory(String(issue.input));
              return parsed.ok ? '' : parsed.problem;
            },
          ),
        ),
        'must be a list of Apple’s categories, such as ["News", "News > Daily News"]',
      ),
      v.minLength(1, 'must name at least one of Apple’s categories (Apple requires one)'),
    ),
    explicit: v.boolean('must be true or false (Apple requires it)'),
    type: v.optional(v.picklist(['episodic', 'serial'], 'must be episodic or serial'), 'episodic'),
    language: v.optional(
      v.pipe(
        v.string('must be a BCP 47 language tag such as en or pt-BR'),
        v.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or pt-BR'),
      ),
    ),
    funding: v.optional(
      v.object({ url: absoluteUrl, text: nonEmpty('a short call to action') }, 'must be a mapping of url and text'),
    ),
    locked: v.optional(v.boolean('must be true or false')),
    medium: v.optional(
      v.picklist([...MEDIUMS, ...MEDIUMS.map((m) => `${m}L`)], `must be one of ${MEDIUMS.join(', ')}`),
    ),
    // The show's permanent identity, kept when it moved here from another host (podcast namespace, guid).
    guid: v.optional(
      v.pipe(
        v.string('must be a UUID'),
        v.trim(),
        v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID'),
        v.toLowerCase(),
      ),
    ),
  },
  'must be a mapping of title, description, author, owner, image, categories and explicit',
);

/** An old address of this site, as a path with an optional query: "/2018/08/x/", "/?p=1001". */
const oldAddress = v.pipe(
  v.string('must be a path such as /2018/08/old-post/ or /?p=1001'),
  v.trim(),
  v.check((s) => s.startsWith('/') && !s.startsWith('//'), 'must be a path on this site, starting with one /'),
  v.check((s) => !/[\s#]/.test(s), 'must not hold spaces or a #fragment'),
);

export const SiteSchema = v.object({
  title: nonEmpty('the site title'),
  description: nonEmpty('a one-line description'),
  url: absoluteUrl,
  language: v.pipe(
    v.string('must be a BCP 47 language tag such as en or pt-BR'),
    v.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or pt-BR'),
  ),
  author: PersonSchema,
  authors: v.optional(
    v.record(
      v.string(),
      v.object(
        {
          email: v.optional(v.pipe(v.string(), v.trim(), v.email('must be an e-mail address'))),
          url: v.optional(absoluteUrl),
        },
        'must be a mapping of email and url',
      ),
    ),
    {},
  ),
  copyright: v.optional(nonEmpty('a copyright line')),
  icon: v.optional(absoluteUrl),
  logo: v.optional(absoluteUrl),
  timezone: v.optional(
    v.pipe(
      v.string('must be an IANA time zone such as Europe/Berlin'),
      v.check(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
    ),
    'UTC',
  ),
  hub: v.optional(absoluteUrl),
  /** Items per feed document (the first page and every later page). */
  items: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)), 20),
  shows: v.optional(
    v.record(
      v.pipe(
        v.string(),
        v.regex(SHOW_ID, 'a show id must be lower-case letters, digits and hyphens, such as the-briefing'),
      ),
      ShowSchema,
      'must be a mapping of show id to show',
    ),
    {},
  ),
  // Old addresses and where they went: a path of this site, a full URL, or `gone` (410).
  redirects: v.optional(
    v.record(
      oldAddress,
      v.pipe(
        v.string('must be a path, a full URL or gone'),
        v.trim(),
        v.check(
          (s) => s === 'gone' || (s.startsWith('/') && !s.startsWith('//')) || isAbsoluteHttpUrl(s),
          'must be a path of this site (/tags/world/rss.xml), a full http(s) URL, or gone',
        ),
      ),
      'must be a mapping of old path to new path, URL or gone',
    ),
    {},
  ),
  cache: v.optional(
    v.object(
      {
        maxAge: v.optional(wholeSeconds),
        sMaxAge: v.optional(wholeSeconds),
        staleWhileRevalidate: v.optional(wholeSeconds),
        staleIfError: v.optional(wholeSeconds),
      },
      'must be a mapping of maxAge, sMaxAge, staleWhileRevalidate and staleIfError',
    ),
    {},
  ),
});
export type SiteInput = v.InferOutput<typeof SiteSchema>;

/** A tag or author name: it becomes a URL segment of its own (slug.ts). */
const groupName = (what: string) =>
  v.pipe(
    nonEmpty(what),
    v.check(
      (name) => groupSlugProblem(name) === undefined,
      (issue) => groupSlugProblem(String(issue.input)) ?? '',
    ),
  );

const oneOrMany = v.union(
  [
    groupName('a name'),
    v.pipe(
      v.array(groupName('a name'), 'must be a name or a list of names'),
      v.minLength(1, 'must be a name or a list of names, not empty'),
    ),
  ],
  'must be a name or a list of names',
);

export const FrontmatterSchema = v.object({
  title: nonEmpty('the article title'),
  // Dates stay raw here; dates.ts turns them into instants with the site's time zone.
  date: v.unknown(),
  updated: v.optional(v.unknown()),
  summary: v.optional(v.pipe(v.string('must be plain text'), v.trim())),
  author: v.optional(oneOrMany),
  tags: v.optional(
    v.array(groupName('a tag'), 'must be a list, such as [politics, asia] (a single string is not accepted)'),
    [],
  ),
  image: v.optional(linkUrl),
  draft: v.optional(v.boolean('must be true or false'), false),
  url: v.optional(absoluteUrl),
  id: v.optional(
    v.pipe(
      v.string('must be a string'),
      v.trim(),
      // It becomes the Atom entry id, which RFC 4287 section 4.2.6 requires to be an absolute IRI.
      v.regex(/^[a-z][a-z0-9+.-]*:\S+$/i, 'must be an absolute URI such as tag:example.org,2018:post-1 or https://…'),
      // Readers that ignore isPermaLink="false" open the guid: never a script or inline document.
      v.check((s) => !/^(?:javascript|vbscript|data):/i.test(s), 'must not be a javascript:, vbscript: or data: URI'),
    ),
  ),
  // A file beside the article (./ep1.mp3: its type and length are read from it) or a remote one (all
  // three given).
  enclosure: v.optional(
    v.object(
      {
        url: linkUrl,
        type: v.optional(mimeType),
        length: v.optional(
          v.pipe(
            v.number('must be the size in bytes'),
            v.integer('must be whole bytes'),
            v.minValue(0, 'must not be negative'),
          ),
        ),
      },
      'must be a mapping of url, type and length',
    ),
  ),
  // An episode of a show of site.yaml (podcasts): the fields below are for episodes only.
  show: v.optional(nonEmpty('the id of a show in site.yaml')),
  duration: v.optional(duration),
  season: v.optional(v.pipe(v.number('must be a whole number'), v.integer('must be a whole number'), v.minValue(1))),
  // Decimal for a special between two episodes (podcast:episode "100.5"); itunes:episode takes whole ones.
  episode: v.optional(v.pipe(v.number('must be a number'), v.gtValue(0, 'must be greater than 0'))),
  episodeType: v.optional(v.picklist(['full', 'trailer', 'bonus'], 'must be full, trailer or bonus')),
  explicit: v.optional(v.boolean('must be true or false')),
  transcript: v.optional(
    v.union(
      [TranscriptSchema, v.array(TranscriptSchema, 'must be a transcript or a list of them')],
      'must be a mapping of url, type and language, or a list of them',
    ),
  ),
  chapters: v.optional(linkUrl),
  persons: v.optional(v.array(EpisodePersonSchema, 'must be a list of people: [{ name: Jane Roe, role: host }]')),
  format: v.optional(v.picklist(['markdown', 'html'], 'must be markdown or html'), 'markdown'),
  // Old addresses of the article (Hugo's name): each answers 301 to it.
  aliases: v.optional(v.array(oldAddress, 'must be a list of paths, such as [/2018/08/old-post/, /?p=1001]'), []),
});
export type Frontmatter = v.InferOutput<typeof FrontmatterSchema>;

/** "field.sub: message" for each valibot issue, in a form a publisher can act on. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((issue) => {
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    const message = issue.input === undefined && issue.kind === 'schema' ? 'is required' : issue.message;
    return path ? `${path}: ${message}` : message;
  });
}

/**
 * Check `input` against one of the schemas above: every problem at once, valibot's and one line per
 * unknown field (the objects above are v.object, which would drop them without a word; see
 * unknown-fields.ts), or the output when there is none.
 */
export function checkFields<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): { output: v.InferOutput<S>; problems: [] } | { output?: undefined; problems: string[] } {
  const result = v.safeParse(schema, input);
  const problems = [...(result.success ? [] : describeIssues(result.issues)), ...describeUnknownFields(schema, input)];
  if (result.success && problems.length === 0) return { output: result.output, problems: [] };
  return { problems };
}
