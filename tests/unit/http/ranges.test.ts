import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHttpDate } from '../../../src/http/conditional.ts';
import { ifRangeMatches, parseRange } from '../../../src/http/ranges.ts';

const SIZE = 1000;
const single = (start: number, end: number) => ({ kind: 'single', start, end });
const none = { kind: 'none' };
const unsatisfiable = { kind: 'unsatisfiable' };

describe('parseRange', () => {
  it('ignores an absent header', () => {
    expect(parseRange(null, SIZE)).toEqual(none);
  });

  it.each([
    ['bytes=0-499', single(0, 499)],
    ['bytes=500-999', single(500, 999)],
    ['bytes=0-0', single(0, 0)],
    ['bytes=999-999', single(999, 999)],
    ['bytes=0-', single(0, 999)],
    ['bytes=500-', single(500, 999)],
    ['bytes=999-', single(999, 999)],
    ['bytes=-500', single(500, 999)],
    ['bytes=-1', single(999, 999)],
    ['bytes=-1000', single(0, 999)],
  ])('reads %j as one range', (header, expected) => {
    expect(parseRange(header, SIZE)).toEqual(expected);
  });

  it.each([
    ['a last-pos past the end', 'bytes=500-5000', single(500, 999)],
    ['a last-pos at the length', 'bytes=0-1000', single(0, 999)],
    ['a suffix longer than the file', 'bytes=-5000', single(0, 999)],
    ['a last-pos with more digits than a double holds', `bytes=1-${'9'.repeat(40)}`, single(1, 999)],
    ['a suffix with more digits than a double holds', `bytes=-${'9'.repeat(400)}`, single(0, 999)],
    ['leading zeros', 'bytes=0010-0020', single(10, 20)],
  ])('clamps %s to the file', (_, header, expected) => {
    expect(parseRange(header, SIZE)).toEqual(expected);
  });

  it.each([
    ['a first-pos at the length', 'bytes=1000-'],
    ['a first-pos past the end', 'bytes=1000-2000'],
    ['a huge first-pos', `bytes=${'9'.repeat(30)}-`],
    ['a zero suffix', 'bytes=-0'],
    ['a zero suffix with leading zeros', 'bytes=-000'],
  ])('finds %s unsatisfiable', (_, header) => {
    expect(parseRange(header, SIZE)).toEqual(unsatisfiable);
  });

  it.each([
    ['bytes=abc'],
    ['bytes='],
    ['bytes=-'],
    ['bytes=5-1'],
    ['bytes=1000-999'],
    [`bytes=${'9'.repeat(20)}1-${'9'.repeat(20)}0`], // last < first beyond 2^53: compared exactly
    ['bytes=1-2-3'],
    ['bytes=--1'],
    ['bytes=+1-2'],
    ['bytes=1.5-2'],
    ['bytes=1e2-'],
    ['bytes=0x10-'],
    ['bytes=١-٢'], // Arabic-Indic digits are not DIGIT
    ['bytes=0-1;x'],
    ['bytes=,'],
    ['bytes=, ,'],
    ['bytes'],
    ['0-499'],
    ['=0-499'],
    ['items=0-1'],
    ['none'],
    ['bytess=0-1'],
    ['byte=0-1'],
    [''],
  ])('ignores the invalid %j', (header) => {
    expect(parseRange(header, SIZE)).toEqual(none);
  });

  it.each([
    ['space before "="', 'bytes =0-1'],
    ['space after "="', 'bytes= 0-1'],
    ['space before "-"', 'bytes=0 -1'],
    ['space after "-"', 'bytes=0- 1'],
    ['space in a suffix', 'bytes=- 1'],
    ['a tab after "="', 'bytes=\t0-1'],
    ['a no-break space after a comma', 'bytes=,\u00a00-1'],
    ['a newline before a comma', 'bytes=0-1\n,'],
  ])('ignores a header with white space the grammar has no room for: %s', (_, header) => {
    expect(parseRange(header, SIZE)).toEqual(none);
  });

  it.each([
    ['surrounding white space', '  bytes=0-1\t', single(0, 1)],
    ['an upper-case unit', 'BYTES=0-1', single(0, 1)],
    ['a mixed-case unit', 'Bytes=0-1', single(0, 1)],
    ['a trailing empty list element', 'bytes=0-1,', single(0, 1)],
    ['a leading empty list element', 'bytes=,0-1', single(0, 1)],
    ['an empty element with white space around its comma', 'bytes=0-1 , ', single(0, 1)],
    ['a leading comma and space', 'bytes=, 0-1', single(0, 1)],
  ])('accepts %s', (_, header, expected) => {
    expect(parseRange(header, SIZE)).toEqual(expected);
  });

  it.each([
    ['two ranges', 'bytes=0-1,5-9'],
    ['two ranges with spaces', 'bytes=0-1, 5-9'],
    ['overlapping ranges', 'bytes=0-500,400-999'],
    ['the first and the last byte', 'bytes=0-0,-1'],
    ['one satisfiable and one not', 'bytes=0-1,5000-6000'],
    ['two unsatisfiable ranges', 'bytes=5000-6000,7000-8000'],
    ['a valid range beside an invalid one', 'bytes=0-1,abc'],
    ['many small ranges', `bytes=${Array.from({ length: 500 }, (_, i) => `${i}-${i}`).join(',')}`],
  ])('serves the whole file for %s', (_, header) => {
    expect(parseRange(header, SIZE)).toEqual(none);
  });

  it('finds every range of an empty file unsatisfiable, and still ignores invalid ones', () => {
    expect(parseRange('bytes=0-', 0)).toEqual(unsatisfiable);
    expect(parseRange('bytes=0-0', 0)).toEqual(unsatisfiable);
    expect(parseRange('bytes=-1', 0)).toEqual(unsatisfiable);
    expect(parseRange('bytes=-0', 0)).toEqual(unsatisfiable);
    expect(parseRange('bytes=abc', 0)).toEqual(none);
    expect(parseRange(null, 0)).toEqual(none);
  });

  it('serves the one byte of a one-byte file', () => {
    expect(parseRange('bytes=0-', 1)).toEqual(single(0, 0));
    expect(parseRange('bytes=-9', 1)).toEqual(single(0, 0));
    expect(parseRange('bytes=1-', 1)).toEqual(unsatisfiable);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses a size of %s', (size) => {
    expect(() => parseRange('bytes=0-1', size)).toThrow(RangeError);
  });

  it('agrees with the arithmetic of RFC 9110 section 14.1.2 for any int-range', () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.nat(5000), fc.option(fc.nat(5000), { nil: undefined }), (size, first, last) => {
        const got = parseRange(`bytes=${first}-${last ?? ''}`, size);
        if (last !== undefined && last < first) expect(got).toEqual(none);
        else if (first >= size) expect(got).toEqual(unsatisfiable);
        else expect(got).toEqual(single(first, Math.min(last ?? size - 1, size - 1)));
      }),
    );
  });

  it('agrees with the arithmetic of RFC 9110 section 14.1.2 for any suffix-range', () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.nat(5000), (size, length) => {
        const got = parseRange(`bytes=-${length}`, size);
        if (length === 0 || size === 0) expect(got).toEqual(unsatisfiable);
        else expect(got).toEqual(single(Math.max(0, size - length), size - 1));
      }),
    );
  });

  it('never answers a range outside the file, whatever the header', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('b', 'y', 't', 'e', 's', '=', '-', ',', ' ', '0', '1', '9') }),
        fc.nat(100),
        (tail, size) => {
          const got = parseRange(`bytes=${tail}`, size);
          if (got.kind === 'single') {
            expect(got.start).toBeGreaterThanOrEqual(0);
            expect(got.start).toBeLessThanOrEqual(got.end);
            expect(got.end).toBeLessThan(size);
          }
        },
      ),
    );
  });
});

describe('ifRangeMatches', () => {
  const LM = Date.UTC(2024, 4, 1, 12, 0, 0, 250); // Last-Modified is sent to the second
  const v = { etag: '"abc"', lastModified: LM };

  it('lets a Range apply when there is no If-Range', () => {
    expect(ifRangeMatches(null, v)).toBe(true);
  });

  it('holds for the same strong entity-tag', () => {
    expect(ifRangeMatches('"abc"', v)).toBe(true);
    expect(ifRangeMatches(' "abc" ', v)).toBe(true);
  });

  it.each([
    ['a weak form of our tag', 'W/"abc"'],
    ['another tag', '"abd"'],
    ['a tag differing in case', '"ABC"'],
    ['a list holding our tag', '"abc", "x"'],
    ['a list with our tag second', '"x", "abc"'],
    ['a star', '*'],
    ['an unquoted tag', 'abc'],
    ['an unterminated tag', '"abc'],
    ['our tag with trailing junk', '"abc"x'],
    ['an empty value', ''],
    ['white space only', '  '],
    ['junk', 'yesterday'],
  ])('does not hold for %s', (_, value) => {
    expect(ifRangeMatches(value, v)).toBe(false);
  });

  it('never holds when our own tag is weak (the strong comparison)', () => {
    expect(ifRangeMatches('W/"abc"', { etag: 'W/"abc"', lastModified: LM })).toBe(false);
    expect(ifRangeMatches('"abc"', { etag: 'W/"abc"', lastModified: LM })).toBe(false);
  });

  it('holds for an HTTP-date equal to Last-Modified at second precision, in every form', () => {
    expect(ifRangeMatches(formatHttpDate(LM), v)).toBe(true);
    expect(ifRangeMatches('Wed, 01 May 2024 12:00:00 GMT', v)).toBe(true);
    expect(ifRangeMatches('Wednesday, 01-May-24 12:00:00 GMT', v)).toBe(true);
    expect(ifRangeMatches('Wed May  1 12:00:00 2024', v)).toBe(true);
  });

  it.each([
    ['a second earlier', 'Wed, 01 May 2024 11:59:59 GMT'],
    ['a second later', 'Wed, 01 May 2024 12:00:01 GMT'],
    ['a day later', 'Thu, 02 May 2024 12:00:00 GMT'],
    ['an ISO date', '2024-05-01T12:00:00Z'],
    ['a lower-case date', 'wed, 01 may 2024 12:00:00 gmt'],
  ])('does not hold for a date %s', (_, value) => {
    expect(ifRangeMatches(value, v)).toBe(false);
  });
});
