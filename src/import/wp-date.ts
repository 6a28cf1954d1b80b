// WordPress's paired local/GMT timestamps -> ISO 8601 with the offset the post was written in.
import { isTimeZone, zoneOffsetMinutes } from '../content/dates.ts';

/** A way to find the UTC offset (minutes east) of a local wall-clock time when WordPress gave no GMT. */
export type ZoneResolver = (localAsUtcMs: number) => number;

export interface ResolvedDate {
  /** e.g. "2018-08-24T09:30:00+02:00". */
  iso: string;
  /** The instant, ms since the epoch. */
  instant: number;
  offsetMinutes: number;
  /** Set when the offset was not derived from the GMT column: says what was assumed. */
  assumed?: string;
}

const WP_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
// Real offsets run from -12:00 to +14:00; anything else means the GMT column is wrong.
const MAX_OFFSET_MINUTES = 14 * 60;

/** "2018-08-24 09:30:00" -> ms, reading the wall-clock fields as if UTC; undefined for 0000-00-00 or junk. */
export function parseWordPressDate(value: string | undefined): number | undefined {
  const m = WP_DATE.exec((value ?? '').trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (y === 0 || mo === 0 || d === 0) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * post_date is the site's wall clock, post_date_gmt the same moment in UTC; their difference is the
 * offset. Scheduled and draft posts may have a GMT of 0000-00-00 00:00:00: then `zone` decides, and
 * without one the wall clock is taken as UTC and `assumed` says so.
 */
export function resolveWordPressDate(
  local: string,
  gmt: string | undefined,
  zone?: { resolve: ZoneResolver; name: string },
): ResolvedDate | undefined {
  const wall = parseWordPressDate(local);
  if (wall === undefined) return undefined;
  const utc = parseWordPressDate(gmt);
  if (utc !== undefined && Math.abs(wall - utc) <= MAX_OFFSET_MINUTES * 60_000) {
    return at(wall, Math.round((wall - utc) / 60_000));
  }
  if (zone)
    return {
      ...at(wall, zone.resolve(wall)),
      assumed: `no GMT date; used time zone ${zone.name}`,
    };
  return {
    ...at(wall, 0),
    assumed: 'no GMT date and no time zone; treated the local time as UTC',
  };
}

function at(wall: number, offsetMinutes: number): ResolvedDate {
  return {
    iso: formatWithOffset(wall, offsetMinutes),
    instant: wall - offsetMinutes * 60_000,
    offsetMinutes,
  };
}

export function formatWithOffset(wall: number, offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${new Date(wall).toISOString().slice(0, 19)}${offset}`;
}

/**
 * "Europe/Berlin" (IANA, through Intl, so daylight saving is right for each date), "+05:30", or
 * WordPress's gmt_offset in hours ("5.5", "-4"). Throws on anything else.
 */
export function parseTimeZone(value: string): ZoneResolver {
  const trimmed = value.trim();
  const fixed = /^([+-])(\d{2}):?(\d{2})$/.exec(trimmed);
  if (fixed) {
    const minutes = Number(fixed[2]) * 60 + Number(fixed[3]);
    return () => (fixed[1] === '-' ? -minutes : minutes);
  }
  if (/^[+-]?\d{1,2}(?:\.\d+)?$/.test(trimmed)) {
    const minutes = Math.round(Number(trimmed) * 60);
    return () => minutes;
  }
  if (isTimeZone(trimmed)) {
    return (wall) => {
      // The offset at a guess of the instant, then again at the corrected instant (DST edges).
      const first = zoneOffsetMinutes(trimmed, wall);
      return zoneOffsetMinutes(trimmed, wall - first * 60_000);
    };
  }
  throw new Error(`unknown time zone "${value}": expected an IANA name (Europe/Berlin), +HH:MM, or hours (5.5)`);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
