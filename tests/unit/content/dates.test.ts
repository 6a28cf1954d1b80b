// Frontmatter dates: ISO 8601 with an offset names an instant; a bare day is midnight in the site's zone.
import { describe, expect, it } from 'vitest';
import { isTimeZone, parseContentDate } from '../../../src/content/dates.ts';

/** The instant as ISO, or the problem text. */
function parse(value: unknown, zone = 'UTC'): string {
  const parsed = parseContentDate(value, zone);
  return parsed.ok ? new Date(parsed.ms).toISOString() : `problem: ${parsed.problem}`;
}

/** Wall-clock time of an ISO instant in `zone`, as "YYYY-MM-DD HH:MM". */
function wallClock(iso: string, zone: string): string {
  return new Date(iso).toLocaleString('sv-SE', { timeZone: zone }).slice(0, 16);
}

describe('date-times with an offset', () => {
  it.each([
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01t10:00:00z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01 10:00:00Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00:00+02:00', '2024-05-01T08:00:00.000Z'],
    ['2024-05-01T10:00:00-0530', '2024-05-01T15:30:00.000Z'],
    ['2024-05-01T00:30:00+01:00', '2024-04-30T23:30:00.000Z'],
    ['2024-05-01T10:00:00.25Z', '2024-05-01T10:00:00.250Z'],
    ['2024-05-01T10:00:00.123456789Z', '2024-05-01T10:00:00.123Z'],
    ['  2024-05-01T10:00:00Z  ', '2024-05-01T10:00:00.000Z'],
  ])('reads %j as %s whatever the site zone', (value, iso) => {
    expect(parse(value, 'Europe/Berlin')).toBe(iso);
  });

  it.each(['2024-05-01T10:00:00', '2024-05-01 10:00', '2024-05-01T10:00:00.5'])(
    'rejects %j: without an offset it names no instant',
    (value) => {
      expect(parse(value)).toMatch(/^problem: ".*" has no UTC offset/);
    },
  );

  it.each(['2024-05-01T24:00:00Z', '2024-05-01T10:60:00Z', '2024-05-01T10:00:60Z', '2023-02-29T10:00:00Z'])(
    'rejects the impossible date-time %j',
    (value) => {
      expect(parse(value)).toMatch(/is not a valid date and time/);
    },
  );

  it.each(['2024-05-01T10:00:00+24:00', '2024-05-01T10:00:00+05:60'])('rejects the impossible offset %j', (value) => {
    expect(parse(value)).toMatch(/has an invalid offset/);
  });
});

describe('bare days', () => {
  it('are midnight UTC in a UTC site', () => {
    expect(parse('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('are midnight in Europe/Berlin in winter (UTC+1)', () => {
    expect(parse('2024-01-15', 'Europe/Berlin')).toBe('2024-01-14T23:00:00.000Z');
  });

  it('are midnight in Europe/Berlin in summer (UTC+2)', () => {
    expect(parse('2024-07-15', 'Europe/Berlin')).toBe('2024-07-14T22:00:00.000Z');
  });

  it('use the offset of midnight on the day Berlin springs forward', () => {
    // Clocks go from 02:00 to 03:00 on 2024-03-31: midnight is still UTC+1.
    expect(parse('2024-03-31', 'Europe/Berlin')).toBe('2024-03-30T23:00:00.000Z');
  });

  it('use the offset of midnight on the day Berlin falls back', () => {
    // Clocks go from 03:00 back to 02:00 on 2024-10-27: midnight is still UTC+2.
    expect(parse('2024-10-27', 'Europe/Berlin')).toBe('2024-10-26T22:00:00.000Z');
  });

  it('are midnight in a zone west of UTC', () => {
    expect(parse('2024-03-10', 'America/New_York')).toBe('2024-03-10T05:00:00.000Z');
  });

  it.each([
    ['America/Santiago', '2024-09-08'],
    ['America/Havana', '2024-03-10'],
    ['America/Asuncion', '2024-10-06'],
    ['Asia/Tehran', '2022-03-22'],
  ])('start the day when clocks jump over midnight (%s, %s)', (zone, day) => {
    // Midnight does not exist that day: 00:00 becomes 01:00. The day begins at 01:00 local.
    expect(wallClock(parse(day, zone), zone)).toBe(`${day} 01:00`);
  });

  it('take the first of two midnights when clocks fall back to midnight', () => {
    // Havana 2024-11-03: 01:00 CDT becomes 00:00 CST, so midnight happens twice.
    expect(parse('2024-11-03', 'America/Havana')).toBe('2024-11-03T04:00:00.000Z');
  });

  it('stay on their own day in every zone', () => {
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kathmandu', 'Australia/Lord_Howe']) {
      expect(wallClock(parse('2024-04-07', zone), zone).slice(0, 10)).toBe('2024-04-07');
    }
  });

  it.each(['2023-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-01', '2024-01-00'])(
    'reject %s as not a calendar day',
    (value) => {
      expect(parse(value)).toBe(`problem: "${value}" is not a calendar day`);
    },
  );
});

describe('other values', () => {
  it.each([['2024/05/01'], ['May 1, 2024'], ['1714521600'], ['']])('rejects %j as not ISO 8601', (value) => {
    expect(parse(value)).toMatch(/is not ISO 8601/);
  });

  it.each([[20240501], [null], [true]])('rejects %j as not a date', (value) => {
    expect(parse(value)).toMatch(/^problem: must be a date like/);
  });
});

describe('isTimeZone', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires'])('accepts %s', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });

  it.each(['Mars/Base', '+02:00', ''])('refuses %j', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});
