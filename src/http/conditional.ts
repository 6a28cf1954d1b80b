// Owns HTTP conditional-request evaluation (RFC 9110 §13): entity-tag matching, HTTP-date parsing/formatting.

export type ConditionalOutcome = 'proceed' | 'not-modified' | 'precondition-failed';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const LONG_DAYS = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MON = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
// RFC 9110 §5.6.7: HTTP-date is case-sensitive and has exactly three forms; anything else is not a date.
const IMF_FIXDATE = new RegExp(`^(?:${DAYS.join('|')}), (\\d{2}) ${MON} (\\d{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(`^${LONG_DAYS}, (\\d{2})-${MON}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^(?:${DAYS.join('|')}) ${MON} ([ \\d]\\d) ${TIME} (\\d{4})$`);

function toMs(year: number, mon: string, day: string, hh: string, mm: string, ss: string): number | undefined {
  const month = MONTHS.indexOf(mon as (typeof MONTHS)[number]);
  const [d, h, mi, s] = [Number(day), Number(hh), Number(mm), Number(ss)];
  if (h > 23 || mi > 59 || s > 60) return undefined; // second 60 is a leap second (§5.6.7 grammar)
  const date = new Date(0);
  date.setUTCFullYear(year, month, d); // setUTCFullYear, unlike Date.UTC, does not remap years 0-99
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== d) return undefined;
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/** Capture groups of a full match, with undefined groups as "". */
function groups(re: RegExp, v: string): string[] | undefined {
  return re
    .exec(v)
    ?.slice(1)
    .map((g) => g ?? '');
}

/**
 * Parses an HTTP-date (RFC 9110 §5.6.7) in any of its three forms; undefined when it is not one.
 * Weekday names are checked for spelling but not for consistency with the date (not required by §5.6.7).
 * Two-digit rfc850 years: §5.6.7 says a year "more than 50 years in the future" means the most recent past
 * year with those digits. That needs the clock, so pass `now` to get it; without it, 70-99 -> 19xx, else 20xx.
 */
export function parseHttpDate(value: string, now?: number): number | undefined {
  const v = value.trim();
  const imf = groups(IMF_FIXDATE, v);
  if (imf) {
    const [d = '', mon = '', y = '', h = '', mi = '', s = ''] = imf;
    return toMs(Number(y), mon, d, h, mi, s);
  }
  const rfc850 = groups(RFC850, v);
  if (rfc850) {
    const [d = '', mon = '', y = '', h = '', mi = '', s = ''] = rfc850;
    const yy = Number(y);
    let year: number;
    if (now === undefined) year = yy >= 70 ? 1900 + yy : 2000 + yy;
    else {
      const cur = new Date(now).getUTCFullYear();
      year = cur - (((cur % 100) - yy + 100) % 100); // most recent year <= cur with these digits
      if (year + 100 - cur <= 50) year += 100; // up to 50 years ahead is taken literally
    }
    return toMs(year, mon, d, h, mi, s);
  }
  const asc = groups(ASCTIME, v);
  if (asc) {
    const [mon = '', d = '', h = '', mi = '', s = '', y = ''] = asc;
    return toMs(Number(y), mon, d.trim(), h, mi, s);
  }
  return undefined;
}

/** Formats ms since the epoch as IMF-fixdate, the only form senders may generate (RFC 9110 §5.6.7). */
export function formatHttpDate(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  const year = d.getUTCFullYear();
  if (!Number.isFinite(ms) || year < 0 || year > 9999) throw new RangeError(`formatHttpDate: out of range: ${ms}`);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${p(year, 4)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

interface EntityTag {
  weak: boolean;
  opaque: string; // including the double quotes
}

const isEtagc = (c: number) => c === 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80;

/**
 * Splits an If-Match/If-None-Match value into entity-tags (RFC 9110 §8.8.3). Commas are legal inside
 * opaque-tags, so this scans quotes instead of splitting on ",". Malformed members are skipped (up to the
 * next comma); `*` is only meaningful as the whole field value and is handled by the caller.
 */
function parseEntityTags(value: string): EntityTag[] {
  const tags: EntityTag[] = [];
  let i = 0;
  const n = value.length;
  const skipToComma = () => {
    while (i < n && value[i] !== ',') i++;
  };
  while (i < n) {
    const ch = value[i];
    if (ch === ' ' || ch === '\t' || ch === ',') {
      i++;
      continue;
    }
    const weak = value.startsWith('W/', i);
    const start = weak ? i + 2 : i;
    if (value[start] !== '"') {
      skipToComma();
      continue;
    }
    let j = start + 1;
    while (j < n && value[j] !== '"' && isEtagc(value.charCodeAt(j))) j++;
    if (value[j] !== '"') {
      i = j;
      skipToComma();
      continue;
    }
    i = j + 1;
    while (i < n && (value[i] === ' ' || value[i] === '\t')) i++;
    if (i < n && value[i] !== ',') {
      skipToComma(); // trailing junk such as `"a"b`: the whole member is malformed
      continue;
    }
    tags.push({ weak, opaque: value.slice(start, j + 1) });
  }
  return tags;
}

function ownTag(etag: string): EntityTag {
  return etag.startsWith('W/') ? { weak: true, opaque: etag.slice(2) } : { weak: false, opaque: etag };
}

/** Weak comparison (RFC 9110 §8.8.3.2): opaque-tags equal, W/ ignored on both sides. `*` matches anything. */
export function etagMatchesWeak(headerValue: string, etag: string): boolean {
  // The common poll sends back exactly the tag it was given (or Cloudflare's W/ form of it): answer
  // that without parsing a list.
  if (headerValue === etag || (headerValue.length === etag.length + 2 && headerValue === `W/${etag}`)) return true;
  if (headerValue.trim() === '*') return true;
  const own = ownTag(etag).opaque;
  return parseEntityTags(headerValue).some((t) => t.opaque === own);
}

/** Strong comparison (RFC 9110 §8.8.3.2): both tags strong and identical. Used by If-Match (§13.1.1). */
function etagMatchesStrong(headerValue: string, etag: string): boolean {
  if (headerValue.trim() === '*') return true;
  const own = ownTag(etag);
  return !own.weak && parseEntityTags(headerValue).some((t) => !t.weak && t.opaque === own.opaque);
}

/** A blank field carries no validator; treating it as absent avoids 412s caused by a sloppy client or proxy. */
/** Request headers as Fetch `Headers` or anything with the same `get` (Node's plain header object,
 * wrapped, on the fast path). */
export interface HeaderSource {
  get(name: string): string | null;
}

function field(headers: HeaderSource, name: string): string | undefined {
  const v = headers.get(name);
  return v === null || v.trim() === '' ? undefined : v;
}

const seconds = (ms: number) => Math.floor(ms / 1000); // HTTP-dates have one-second resolution (§5.6.7)

/**
 * Evaluates preconditions in the order of RFC 9110 §13.2.2. Callers should only consult this when the
 * response would otherwise be 2xx (§13.2.1) and must send the validators on a 304 (§15.4.5).
 */
export function evaluateConditional(
  method: string,
  headers: HeaderSource,
  validators: { etag: string; lastModified: number },
): ConditionalOutcome {
  // Fetch normalises the case of standard methods; we do the same so "get" is not treated as unsafe.
  const m = method.toUpperCase();
  const safe = m === 'GET' || m === 'HEAD';
  const lm = seconds(validators.lastModified);

  // §13.2.2 step 1: If-Match uses the strong comparison (§13.1.1).
  const ifMatch = field(headers, 'if-match');
  if (ifMatch !== undefined) {
    if (!etagMatchesStrong(ifMatch, validators.etag)) return 'precondition-failed';
  } else {
    // Step 2: If-Unmodified-Since only without If-Match; an invalid date is ignored (§13.1.4).
    const ius = field(headers, 'if-unmodified-since');
    const date = ius === undefined ? undefined : parseHttpDate(ius);
    if (date !== undefined && lm > seconds(date)) return 'precondition-failed';
  }

  // Step 3: If-None-Match uses the weak comparison (§13.1.2); 304 only for GET/HEAD, else 412.
  const inm = field(headers, 'if-none-match');
  if (inm !== undefined) {
    if (etagMatchesWeak(inm, validators.etag)) return safe ? 'not-modified' : 'precondition-failed';
    return 'proceed';
  }

  // Step 4: If-Modified-Since only for GET/HEAD and only without If-None-Match (§13.1.3); invalid dates
  // (including a combined multi-member value) are ignored. RFC 2616 §14.25 also discarded dates later than
  // the server's clock; RFC 9110 dropped that rule and this module has no clock. Our Last-Modified never
  // exceeds "now" (§8.8.2.1), so a future date can at worst give a 304 to a client that claims to be current.
  if (safe) {
    const ims = field(headers, 'if-modified-since');
    const date = ims === undefined ? undefined : parseHttpDate(ims);
    if (date !== undefined && lm <= seconds(date)) return 'not-modified';
  }
  return 'proceed';
}
