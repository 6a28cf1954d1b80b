// WordPress local + GMT timestamps become ISO 8601 with the offset the post was written in.
import { describe, expect, it } from 'vitest';
import { parseTimeZone, resolveWordPressDate } from '../../../src/import/wp-date.ts';

describe('resolveWordPressDate', () => {
  it.each([
    ['2018-08-24 09:30:00', '2018-08-24 07:30:00', '2018-08-24T09:30:00+02:00'],
    ['2021-01-08 07:00:00', '2021-01-08 12:00:00', '2021-01-08T07:00:00-05:00'],
    ['2021-01-01 18:00:00', '2021-01-01 12:30:00', '2021-01-01T18:00:00+05:30'],
    ['2020-01-10 08:00:00', '2020-01-09 23:00:00', '2020-01-10T08:00:00+09:00'],
    ['2019-06-01 12:00:00', '2019-06-01 12:00:00', '2019-06-01T12:00:00+00:00'],
  ])('dates %s (GMT %s) as %s', (local, gmt, iso) => {
    const date = resolveWordPressDate(local, gmt);
    expect(date?.iso).toBe(iso);
    expect(date?.instant).toBe(Date.parse(iso));
    expect(date?.assumed).toBeUndefined();
  });

  it('treats the local time as UTC, and says so, when the GMT date is zero', () => {
    const date = resolveWordPressDate('2031-05-01 06:00:00', '0000-00-00 00:00:00');
    expect(date?.iso).toBe('2031-05-01T06:00:00+00:00');
    expect(date?.assumed).toMatch(/UTC/);
  });

  it('uses a time zone for a zero GMT date, with daylight saving for that day', () => {
    const zone = { name: 'Europe/Berlin', resolve: parseTimeZone('Europe/Berlin') };
    expect(resolveWordPressDate('2031-05-01 06:00:00', '0000-00-00 00:00:00', zone)?.iso).toBe(
      '2031-05-01T06:00:00+02:00',
    );
    expect(resolveWordPressDate('2031-01-15 06:00:00', '', zone)?.iso).toBe('2031-01-15T06:00:00+01:00');
  });

  it('distrusts a GMT date more than 14 hours away from the local one', () => {
    expect(resolveWordPressDate('2018-08-24 09:30:00', '2018-08-20 09:30:00')?.assumed).toMatch(/UTC/);
  });

  it('gives up on a zero local date', () => {
    expect(resolveWordPressDate('0000-00-00 00:00:00', '0000-00-00 00:00:00')).toBeUndefined();
  });
});

describe('parseTimeZone', () => {
  const wall = Date.UTC(2024, 6, 1, 12);

  it.each([
    ['+05:30', 330],
    ['-04:00', -240],
    ['5.5', 330],
    ['-3', -180],
    ['America/New_York', -240],
  ])('reads %s as %i minutes', (zone, minutes) => {
    expect(parseTimeZone(zone)(wall)).toBe(minutes);
  });

  it('rejects an unknown zone by name', () => {
    expect(() => parseTimeZone('Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});
