// Owns byte ranges (RFC 9110 section 14): which bytes of a file a Range header asks for, and whether
// If-Range (section 13.1.5) lets the Range apply at all. Pure; http/media.ts turns the result into a 206,
// a 416 or a whole 200.
import { parseHttpDate } from './conditional.ts';

/**
 * What a Range header asks of a representation of a given size:
 * - `none`: serve the whole representation (200). No Range, a unit other than bytes, a header that breaks
 *   the grammar, or more than one range: section 14.2 lets a server ignore Range, and does not oblige it
 *   to send multipart/byteranges.
 * - `single`: serve bytes start..end, inclusive as in Content-Range (206).
 * - `unsatisfiable`: no byte of the representation is asked for (416).
 */
export type RangeRequest =
  | { readonly kind: 'none' }
  | { readonly kind: 'single'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const NONE: RangeRequest = Object.freeze({ kind: 'none' });
const UNSATISFIABLE: RangeRequest = Object.freeze({ kind: 'unsatisfiable' });

// Section 14.1.1: int-range = first-pos "-" [ last-pos ]; suffix-range = "-" suffix-length; positions are
// 1*DIGIT (ASCII digits only, any length, leading zeros allowed). No white space inside a range-spec.
const INT_RANGE = /^([0-9]+)-([0-9]*)$/;
const SUFFIX_RANGE = /^-([0-9]+)$/;
// range-set = 1#range-spec: commas with optional white space around them (section 5.6.1), and a recipient
// accepts empty list elements ("0-1," and ", 0-1" are one range). White space anywhere else is invalid.
// Scanned by hand: a regular expression such as /[ \t]*,[ \t]*/ backtracks over a long run of spaces once
// per starting position, quadratic in a header the client chooses.
const isOws = (c: string | undefined) => c === ' ' || c === '\t';

/** `value` without the spaces and tabs at its start (if `start`) and its end (if `end`). */
function trimOws(value: string, start = true, end = true): string {
  let i = 0;
  let j = value.length;
  if (start) while (i < j && isOws(value[i])) i++;
  if (end) while (j > i && isOws(value[j - 1])) j--;
  return value.slice(i, j);
}

/** The non-empty elements of a comma-separated list, with the white space beside each comma removed. */
function listElements(value: string): string[] {
  const parts = value.split(',');
  const last = parts.length - 1;
  return parts.map((part, i) => trimOws(part, i > 0, i < last)).filter((part) => part !== '');
}

/** a < b for two decimal digit strings of any length, exactly (Number would round past 2^53). */
function digitsLess(a: string, b: string): boolean {
  const x = a.replace(/^0+(?=.)/, '');
  const y = b.replace(/^0+(?=.)/, '');
  return x.length !== y.length ? x.length < y.length : x < y;
}

/**
 * Reads a Range header field (RFC 9110 section 14.2) for a representation of `size` bytes.
 *
 * Multiple ranges are answered with the whole representation (`none`), as the `send` module behind
 * Express does: section 14.2 lets a server ignore Range, media players ask for one range at a time, and it
 * keeps multipart/byteranges and its many-small-ranges denial of service (section 17.15) out of the
 * server. A single range is clamped to the representation (an open `500-` or a last-pos past the end runs
 * to the last byte; a suffix longer than the file is the whole file).
 *
 * An empty representation satisfies no range: section 14.1.2 counts a non-zero suffix as satisfiable,
 * but a 206 cannot carry zero bytes (Content-Range has no first-pos/last-pos for them), so the answer is
 * 416 (Content-Range: bytes, unsatisfied, complete length 0), as Express's `send` gives.
 *
 * @param size the representation's length in bytes, a safe integer >= 0
 */
export function parseRange(header: string | null, size: number): RangeRequest {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`parseRange: size must be a byte count: ${size}`);
  if (header === null) return NONE;
  // Field values arrive without surrounding white space from Fetch and Node; strip it anyway (section 5.5).
  const value = trimOws(header);
  const eq = value.indexOf('=');
  // Range units are case-insensitive (section 14.1); no white space around "=" (section 14.1.1).
  if (eq < 0 || value.slice(0, eq).toLowerCase() !== 'bytes') return NONE;
  const specs = listElements(value.slice(eq + 1));
  if (specs.length !== 1) return NONE; // `bytes=` is invalid; several ranges are served whole (above)
  const spec = specs[0] as string;

  const suffix = SUFFIX_RANGE.exec(spec);
  if (suffix) {
    const length = Number(suffix[1]); // Infinity for an absurdly long number: still "the whole file"
    if (length === 0 || size === 0) return UNSATISFIABLE;
    return { kind: 'single', start: Math.max(0, size - length), end: size - 1 };
  }
  const int = INT_RANGE.exec(spec);
  if (!int) return NONE; // bytes=abc, bytes=-, bytes=1-2-3, bytes= 0-1: invalid, so ignored (section 14.2)
  const [, first = '', last = ''] = int;
  // Section 14.1.2: a last-pos below first-pos makes the range-spec, and so the header, invalid.
  if (last !== '' && digitsLess(last, first)) return NONE;
  const start = Number(first);
  if (start >= size) return UNSATISFIABLE;
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: 'single', start, end };
}

/**
 * Whether a Range applies under the request's If-Range (RFC 9110 section 13.1.5): yes without If-Range;
 * otherwise only when it holds the representation's current validator, so a client resuming a download
 * never splices bytes of two different files. An entity-tag must match by the strong comparison (section
 * 8.8.3.2): a weak tag, a list, `*` or a weak `etag` of ours never does. An HTTP-date must equal
 * Last-Modified to the second; anything else (junk, an empty value) does not hold, and the whole
 * representation is sent, which is always correct.
 *
 * A date is taken as a strong validator (section 8.8.2.2) when it equals Last-Modified. The section asks the
 * server to know the file did not change twice within that second; a media file is replaced by hand, so
 * a date from the very second of a replacement is improbable, and section 13.1.5 lets a client send a date
 * only when it has no entity-tag, which every answer of ours carries.
 *
 * @param validators the etag (strong, quoted) and Last-Modified (ms) a 200 would carry
 */
export function ifRangeMatches(ifRange: string | null, validators: { etag: string; lastModified: number }): boolean {
  if (ifRange === null) return true;
  const value = trimOws(ifRange);
  if (value.startsWith('"') || value.startsWith('W/')) {
    // Our tag is a well-formed entity-tag, so equality with it is also the grammar check.
    return value === validators.etag && !validators.etag.startsWith('W/');
  }
  const date = parseHttpDate(value);
  return date !== undefined && Math.floor(date / 1000) === Math.floor(validators.lastModified / 1000);
}
