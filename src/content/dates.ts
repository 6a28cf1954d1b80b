// Frontmatter dates: ISO 8601 with an offset, or a bare day at midnight in the site's time zone.
// A date-time without an offset is rejected: it names no instant, and guessing one moves the article
// by hours between a laptop, a CI runner and the edge.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

export type ParsedDate = { ok: true; ms: number } | { ok: false; problem: string };

/** Date.UTC without its legacy quirk: years 0-99 stay years 0-99 (Date.UTC reads them as 1900-1999). */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo, d);
  return date.setUTCHours(h, mi, s, ms);
}

/** Feeds and HTTP dates carry four-digit years (RFC 3339, RFC 9110 5.6.7): the instant must lie in 0000-9999 UTC. */
function inRange(ms: number): boolean {
  const year = new Date(ms).getUTCFullYear();
  return year >= 0 && year <= 9999;
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(utc(y, m, 0)).getUTCDate();
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using it, and a store
// of 100,000 bare dates asks for several offsets each.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Minutes east of UTC that `timeZone` observes at the UTC instant `ms`. */
export function zoneOffsetMinutes(timeZone: string, ms: number): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = utc(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - ms) / 60000);
}

// Midnights already found, by zone and day: a store names the same days over and over, and each
// search formats up to four instants (formatToParts is most of the cost of a bare date).
const midnights = new Map<string, number>();

/** Midnight of a calendar day in `timeZone`, as an instant. */
function midnightIn(timeZone: string, y: number, m: number, d: number): number {
  const key = `${timeZone}\u0000${y}-${m}-${d}`;
  let midnight = midnights.get(key);
  if (midnight === undefined) {
    // Bounded: a long-running watcher sees many stores' days, but never needs them all kept.
    if (midnights.size >= 100_000) midnights.clear();
    midnight = searchMidnight(timeZone, y, m, d);
    midnights.set(key, midnight);
  }
  return midnight;
}

function searchMidnight(timeZone: string, y: number, m: number, d: number): number {
  const guess = utc(y, m - 1, d);
  const DAY_MS = 86_400_000;
  // Try the offsets in force a day before and a day after: one of them is midnight's offset.
  const candidates = [guess - DAY_MS, guess + DAY_MS].map((t) => guess - zoneOffsetMinutes(timeZone, t) * 60000);
  // No change of offset within a day of midnight (nearly every day): both candidates are the same
  // instant, which the rules below return whether or not it checks out, so skip the checks.
  if (candidates[0] === candidates[1]) return candidates[0] as number;
  const exact = candidates.filter((ms) => ms + zoneOffsetMinutes(timeZone, ms) * 60000 === guess);
  // A midnight that happens twice (clocks set back to 00:00) counts from its first occurrence.
  if (exact.length > 0) return Math.min(...exact);
  // No midnight at all (clocks jump from 00:00 to 01:00, as in Chile or Cuba): the day begins at the
  // jump, the later candidate; the earlier one would still be the day before.
  return Math.max(...candidates);
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function parseContentDate(value: unknown, timeZone: string): ParsedDate {
  if (value instanceof Date) return { ok: true, ms: value.getTime() };
  if (typeof value !== 'string') {
    return {
      ok: false,
      problem: `must be a date like 2018-08-24 or 2018-08-24T09:30:00+02:00, got ${typeof value}`,
    };
  }
  const text = value.trim();
  const day = DAY.exec(text);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    if (!validDay(y, m, d)) return { ok: false, problem: `"${text}" is not a calendar day` };
    const midnight = midnightIn(timeZone, y, m, d);
    if (!inRange(midnight)) return { ok: false, problem: `"${text}" falls outside the years 0000-9999 in UTC` };
    return { ok: true, ms: midnight };
  }
  const dt = DATE_TIME.exec(text);
  if (!dt) {
    return {
      ok: false,
      problem: `"${text}" is not ISO 8601 (use 2018-08-24 or 2018-08-24T09:30:00+02:00)`,
    };
  }
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(dt[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!validDay(y, mo, d) || h > 23 || mi > 59 || s > 59) {
    return { ok: false, problem: `"${text}" is not a valid date and time` };
  }
  if (!dt[8] && !dt[9]) {
    return {
      ok: false,
      problem: `"${text}" has no UTC offset, so it names no single instant: add Z or an offset like +02:00`,
    };
  }
  const fraction = dt[7] ? Math.floor(Number(dt[7]) * 1000) : 0;
  let ms = utc(y, mo - 1, d, h, mi, s, fraction);
  if (dt[9]) {
    const offset = (Number(dt[10]) * 60 + Number(dt[11])) * (dt[9] === '-' ? -1 : 1);
    if (Number(dt[10]) > 23 || Number(dt[11]) > 59) return { ok: false, problem: `"${text}" has an invalid offset` };
    ms -= offset * 60000;
  }
  if (!inRange(ms)) return { ok: false, problem: `"${text}" falls outside the years 0000-9999 in UTC` };
  return { ok: true, ms };
}
