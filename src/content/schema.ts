// What content/site.yaml and each article's frontmatter may hold, checked once at load (valibot).
import * as v from 'valibot';
import { groupSlugProblem } from '../core/slug.ts';
import { isAbsoluteHttpUrl, isHeaderSafe, normalizeUrl } from '../core/urls.ts';
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

const PersonSchema = v.object(
  {
    name: nonEmpty('a name'),
    email: v.optional(v.pipe(v.string(), v.trim(), v.email('must be an e-mail address'))),
    url: v.optional(absoluteUrl),
  },
  'must be a mapping of name, email and url',
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
  enclosure: v.optional(
    v.object(
      {
        url: linkUrl,
        type: v.pipe(v.string(), v.regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type such as audio/mpeg')),
        length: v.pipe(
          v.number('must be the size in bytes'),
          v.integer('must be whole bytes'),
          v.minValue(0, 'must not be negative'),
        ),
      },
      'must be a mapping of url, type and length',
    ),
  ),
  format: v.optional(v.picklist(['markdown', 'html'], 'must be markdown or html'), 'markdown'),
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
