// Answers a request for a media file beside an article (images, audio, video, transcripts, chapters):
// conditional requests (RFC 9110 section 13), byte ranges (section 14), HEAD, the cache policy and the
// headers a player on another origin needs. One pure decision, like send.ts's answer(): the runtime then
// sends the bytes it names, streamed from disk on Node or read from static assets on Workers. Apple
// requires the server of podcast episodes to answer HEAD and byte-range requests.
import type { MediaFile } from '../core/article.ts';
import { type CachePolicy, cacheControl } from './cache-policy.ts';
import { evaluateConditional, formatHttpDate, type HeaderSource } from './conditional.ts';
import { ifRangeMatches, parseRange } from './ranges.ts';

export type { MediaFile } from '../core/article.ts';

/** Bytes start..end of the file, inclusive (as in Content-Range and Node's createReadStream). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface MediaAnswer {
  status: 200 | 206 | 304 | 412 | 416;
  /** Lower-case names; a plain object, as send.ts's Answer. */
  headers: Record<string, string>;
  /** The bytes of the file to send as the body: the whole file on a 200, the range on a 206; null when
   * the body is empty (HEAD, 304, 412, 416, and a 200 for an empty file). */
  body: ByteRange | null;
}

/**
 * An hour of freshness for browsers and shared caches alike. Media rarely change, but they do (a corrected
 * episode, a replaced image), and publishers link them by plain name, with no fingerprint in the URL that
 * would make a year-long `immutable` safe: an hour bounds how long a fix takes to reach everyone, and once
 * it is over the strong ETag makes checking again cost a 304. Podcast apps download an episode once, so a
 * longer lifetime would save them nothing. stale-if-error keeps a file available through a day of origin
 * trouble, as for feeds. Operators can override it (cache-policy.ts parseCachePolicy).
 */
export const defaultMediaCachePolicy: CachePolicy = Object.freeze({
  maxAge: 3600,
  sMaxAge: 3600,
  staleWhileRevalidate: 60,
  staleIfError: 86400,
});

// On every answer. Media are sent as stored (identity): nothing is negotiated, so there is no Vary. Web
// players, transcript viewers and chapter readers on other origins fetch these files (the podcast
// namespace's transcript guide asks for CORS), so any origin may read them, including the range headers a
// script needs to resume or seek (Content-Length and Last-Modified are exposed by default).
const EVERY_ANSWER: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'cross-origin',
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Accept-Ranges, Content-Range, ETag',
};

// An SVG opened on its own is a document of our origin that could run script: this sandbox gives it an
// opaque origin and no script, styles only its own. It does not affect an SVG shown through <img>. Other
// types get no CSP: a browser shows a PDF, an image or a video opened on its own through a document of its
// own making, which such a policy can break.
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/**
 * The answer to a GET or HEAD of a media file (the route refuses other methods). Preconditions come first,
 * in the order of RFC 9110 section 13.2.2 (304, 412), then Range under If-Range (section 13.1.5): 206 for
 * one satisfiable range, 416 for none, the whole file (200) for everything else (see parseRange).
 *
 * HEAD answers exactly the headers of the same GET, 206 and 416 included. Section 14.2 defines range
 * handling for GET only, but section 9.3.2 asks HEAD to send GET's header fields, a client checking for
 * range support may well ask with a ranged HEAD, and Go's ServeContent and Express's send answer it with 206.
 *
 * 412 and 416 depend on request headers a cache does not key on, so they carry no Cache-Control: neither
 * status is cacheable by default (RFC 9110 section 15.1), and a CDN cannot keep one for everyone.
 */
export function answerMedia(
  method: string,
  headers: HeaderSource,
  file: MediaFile,
  policy: CachePolicy,
  now: number,
): MediaAnswer {
  const m = method.toUpperCase();
  const head = m === 'HEAD';
  // RFC 9110 8.8.2.1: a Last-Modified later than the response's own date is replaced by that date (a file
  // copied from a machine whose clock runs ahead).
  const lastModified = Math.min(file.lastModified, now);
  const validators = { etag: file.etag, lastModified };
  const always = file.contentType.startsWith('image/svg+xml')
    ? { ...EVERY_ANSWER, 'content-security-policy': SVG_POLICY }
    : EVERY_ANSWER;
  const validatorHeaders = { ...always, etag: file.etag, 'last-modified': formatHttpDate(lastModified) };

  // Section 14.2: Range means something for GET only; HEAD follows GET (above). Parsed first, so a size that
  // is not a byte count throws before any answer is made.
  let range = parseRange(m === 'GET' || head ? headers.get('range') : null, file.size);

  const outcome = evaluateConditional(method, headers, validators);
  if (outcome === 'not-modified') {
    // Section 15.4.5: a 304 carries the ETag, Last-Modified and Cache-Control a 200 would; no length.
    return {
      status: 304,
      headers: { ...validatorHeaders, 'cache-control': cacheControl(policy, { now }).header },
      body: null,
    };
  }
  if (outcome === 'precondition-failed') {
    return { status: 412, headers: { ...validatorHeaders, 'content-length': '0' }, body: null };
  }

  if (range.kind !== 'none' && !ifRangeMatches(headers.get('if-range'), validators)) range = { kind: 'none' };
  if (range.kind === 'unsatisfiable') {
    // Section 15.5.17: the current length, so the client can ask again.
    return {
      status: 416,
      headers: { ...always, 'accept-ranges': 'bytes', 'content-range': `bytes */${file.size}`, 'content-length': '0' },
      body: null,
    };
  }

  const ok: Record<string, string> = {
    ...validatorHeaders,
    'cache-control': cacheControl(policy, { now }).header,
    'content-type': file.contentType,
    'accept-ranges': 'bytes',
  };
  if (range.kind === 'single') {
    const { start, end } = range;
    ok['content-range'] = `bytes ${start}-${end}/${file.size}`;
    ok['content-length'] = String(end - start + 1);
    return { status: 206, headers: ok, body: head ? null : { start, end } };
  }
  ok['content-length'] = String(file.size);
  return { status: 200, headers: ok, body: head || file.size === 0 ? null : { start: 0, end: file.size - 1 } };
}
