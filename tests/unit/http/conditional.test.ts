import { describe, expect, it } from 'vitest';
import { etagMatchesWeak, evaluateConditional, formatHttpDate, parseHttpDate } from '../../../src/http/conditional.ts';

const LM = Date.UTC(1994, 10, 6, 8, 49, 37); // Sun, 06 Nov 1994 08:49:37 GMT
const IMF = 'Sun, 06 Nov 1994 08:49:37 GMT';
const v = { etag: '"abc"', lastModified: LM };
const run = (h: Record<string, string>, method = 'GET', validators = v) =>
  evaluateConditional(method, new Headers(h), validators);

describe('parseHttpDate', () => {
  it('parses the three RFC 9110 §5.6.7 forms to the same instant', () => {
    expect(parseHttpDate(IMF)).toBe(LM);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(LM);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(LM);
    expect(parseHttpDate('Sun Nov 16 08:49:37 1994')).toBe(Date.UTC(1994, 10, 16, 8, 49, 37));
  });

  it.each([
    'yesterday',
    '0',
    '784111777',
    '',
    '1994-11-06T08:49:37Z',
    'sun, 06 nov 1994 08:49:37 gmt', // case-sensitive
    'Sun, 06 Nov 1994 08:49:37 UTC',
    'Sun, 6 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 94 08:49:37 GMT',
    'Sun, 31 Feb 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 24:00:00 GMT',
    'Sun, 06 Nov 1994 08:60:00 GMT',
    'Fun, 06 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT',
    'Sun Nov 6 08:49:37 1994',
  ])('rejects %j', (s) => {
    expect(parseHttpDate(s)).toBeUndefined();
  });

  it('trims surrounding whitespace and accepts a leap second', () => {
    expect(parseHttpDate(`  ${IMF} `)).toBe(LM);
    expect(parseHttpDate('Sat, 31 Dec 2016 23:59:60 GMT')).toBe(Date.UTC(2017, 0, 1));
  });

  it('interprets two-digit rfc850 years with the 50-year rule when given now', () => {
    const now = Date.UTC(2025, 0, 1);
    const year = (s: string, at?: number) => new Date(parseHttpDate(s, at) ?? Number.NaN).getUTCFullYear();
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(LM);
    expect(year('Monday, 01-Jan-74 00:00:00 GMT', now)).toBe(2074);
    expect(year('Monday, 01-Jan-76 00:00:00 GMT', now)).toBe(1976);
    expect(year('Monday, 01-Jan-25 00:00:00 GMT', now)).toBe(2025);
    expect(year('Monday, 01-Jan-69 00:00:00 GMT')).toBe(2069);
    expect(year('Monday, 01-Jan-70 00:00:00 GMT')).toBe(1970);
  });
});

describe('formatHttpDate', () => {
  it('formats IMF-fixdate, dropping sub-second precision', () => {
    expect(formatHttpDate(LM)).toBe(IMF);
    expect(formatHttpDate(LM + 999)).toBe(IMF);
    expect(formatHttpDate(0)).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
  });
  it('round-trips through parseHttpDate', () => {
    for (const t of [0, LM, Date.UTC(2024, 1, 29, 23, 59, 59), Date.UTC(9999, 11, 31)]) {
      expect(parseHttpDate(formatHttpDate(t))).toBe(t);
    }
  });
  it('rejects values it cannot express', () => {
    expect(() => formatHttpDate(Number.NaN)).toThrow(RangeError);
    expect(() => formatHttpDate(Date.UTC(10000, 0, 1))).toThrow(RangeError);
  });
});

describe('etagMatchesWeak', () => {
  it.each([
    ['"abc"', '"abc"', true],
    ['W/"abc"', '"abc"', true],
    ['"abc"', 'W/"abc"', true],
    ['W/"abc"', 'W/"abc"', true],
    ['"x", "abc"', '"abc"', true],
    ['  "x" ,\t"y",W/"abc"  ', '"abc"', true],
    [',,"abc",,', '"abc"', true],
    ['*', '"abc"', true],
    [' * ', '"abc"', true],
    ['"abd"', '"abc"', false],
    ['"ABC"', '"abc"', false],
    ['abc', '"abc"', false],
    ['w/"abc"', '"abc"', false],
    ['', '"abc"', false],
    ['"a,b"', '"a,b"', true],
    ['"x", "a,b"', '"a,b"', true],
    ['"a,b"', '"a"', false],
    ['"a,b"', '"b"', false],
    ['junk, "abc"', '"abc"', true],
    ['"abc"junk', '"abc"', false],
    ['"abc', '"abc"', false],
    ['"a b", "abc"', '"abc"', true],
  ])('%j vs %j -> %s', (header, etag, expected) => {
    expect(etagMatchesWeak(header, etag)).toBe(expected);
  });
});

describe('evaluateConditional: If-None-Match', () => {
  it('exact match on GET and HEAD is not-modified', () => {
    expect(run({ 'if-none-match': '"abc"' })).toBe('not-modified');
    expect(run({ 'if-none-match': '"abc"' }, 'HEAD')).toBe('not-modified');
    expect(run({ 'if-none-match': '"abc"' }, 'get')).toBe('not-modified');
  });
  it('uses the weak comparison (W/ on either side)', () => {
    expect(run({ 'if-none-match': 'W/"abc"' })).toBe('not-modified');
    expect(run({ 'if-none-match': '"abc"' }, 'GET', { etag: 'W/"abc"', lastModified: LM })).toBe('not-modified');
  });
  it('matches inside lists with arbitrary whitespace, and *', () => {
    expect(run({ 'if-none-match': '"a" ,W/"b",\t "abc"' })).toBe('not-modified');
    expect(run({ 'if-none-match': '*' })).toBe('not-modified');
  });
  it('no match proceeds', () => {
    expect(run({ 'if-none-match': '"nope", W/"other"' })).toBe('proceed');
  });
  it('a match on an unsafe method is precondition-failed', () => {
    expect(run({ 'if-none-match': '"abc"' }, 'POST')).toBe('precondition-failed');
    expect(run({ 'if-none-match': '*' }, 'PUT')).toBe('precondition-failed');
    expect(run({ 'if-none-match': '"nope"' }, 'POST')).toBe('proceed');
  });
  it('an etag with commas inside quotes is matched whole', () => {
    const val = { etag: '"v1,2"', lastModified: LM };
    expect(run({ 'if-none-match': '"v1,2"' }, 'GET', val)).toBe('not-modified');
    expect(run({ 'if-none-match': '"v1", "2"' }, 'GET', val)).toBe('proceed');
  });
  it('makes If-Modified-Since ignored, even when IMS alone would say not-modified', () => {
    const laterDate = formatHttpDate(LM + 60_000);
    expect(run({ 'if-none-match': '"nope"', 'if-modified-since': laterDate })).toBe('proceed');
    expect(run({ 'if-none-match': 'garbage', 'if-modified-since': laterDate })).toBe('proceed');
    // Matching INM wins even if IMS says modified.
    expect(run({ 'if-none-match': '"abc"', 'if-modified-since': formatHttpDate(LM - 60_000) })).toBe('not-modified');
  });
  it('treats a blank header as absent', () => {
    expect(run({ 'if-none-match': '' })).toBe('proceed');
    expect(run({ 'if-none-match': '   ', 'if-modified-since': IMF })).toBe('not-modified');
  });
});

describe('evaluateConditional: If-Modified-Since', () => {
  it('equal date is not-modified, earlier date proceeds, later date is not-modified', () => {
    expect(run({ 'if-modified-since': IMF })).toBe('not-modified');
    expect(run({ 'if-modified-since': formatHttpDate(LM - 1000) })).toBe('proceed');
    expect(run({ 'if-modified-since': formatHttpDate(LM + 1000) })).toBe('not-modified');
  });
  it('compares at one-second precision when lastModified has milliseconds', () => {
    const val = { etag: '"abc"', lastModified: LM + 999 };
    expect(run({ 'if-modified-since': IMF }, 'GET', val)).toBe('not-modified');
    expect(run({ 'if-modified-since': formatHttpDate(LM - 1000) }, 'GET', val)).toBe('proceed');
    expect(run({ 'if-modified-since': IMF }, 'GET', { etag: '"abc"', lastModified: LM + 1000 })).toBe('proceed');
  });
  it('accepts all three date formats', () => {
    expect(run({ 'if-modified-since': 'Sunday, 06-Nov-94 08:49:37 GMT' })).toBe('not-modified');
    expect(run({ 'if-modified-since': 'Sun Nov  6 08:49:37 1994' })).toBe('not-modified');
  });
  it.each(['yesterday', '0', '784111777', '', 'Sun, 06 Nov 1994'])('ignores unparseable %j', (date) => {
    expect(run({ 'if-modified-since': date })).toBe('proceed');
  });
  it('is ignored for methods other than GET and HEAD', () => {
    expect(run({ 'if-modified-since': IMF }, 'HEAD')).toBe('not-modified');
    expect(run({ 'if-modified-since': IMF }, 'POST')).toBe('proceed');
    expect(run({ 'if-modified-since': IMF }, 'DELETE')).toBe('proceed');
  });
  it('proceeds when no conditional headers are present', () => {
    expect(run({})).toBe('proceed');
    expect(run({}, 'POST')).toBe('proceed');
  });
});

describe('evaluateConditional: If-Match and If-Unmodified-Since', () => {
  it('If-Match uses the strong comparison', () => {
    expect(run({ 'if-match': '"abc"' }, 'PUT')).toBe('proceed');
    expect(run({ 'if-match': '"x", "abc"' }, 'PUT')).toBe('proceed');
    expect(run({ 'if-match': '*' }, 'PUT')).toBe('proceed');
    expect(run({ 'if-match': 'W/"abc"' }, 'PUT')).toBe('precondition-failed');
    expect(run({ 'if-match': '"abc"' }, 'PUT', { etag: 'W/"abc"', lastModified: LM })).toBe('precondition-failed');
    expect(run({ 'if-match': '"nope"' })).toBe('precondition-failed');
  });
  it('If-Match passing continues to If-None-Match', () => {
    expect(run({ 'if-match': '"abc"', 'if-none-match': '"abc"' })).toBe('not-modified');
    expect(run({ 'if-match': '"abc"', 'if-modified-since': IMF })).toBe('not-modified');
  });
  it('If-Unmodified-Since fails only when modified after the date', () => {
    expect(run({ 'if-unmodified-since': IMF }, 'PUT')).toBe('proceed');
    expect(run({ 'if-unmodified-since': formatHttpDate(LM + 5000) }, 'PUT')).toBe('proceed');
    expect(run({ 'if-unmodified-since': formatHttpDate(LM - 1000) }, 'PUT')).toBe('precondition-failed');
    expect(run({ 'if-unmodified-since': IMF }, 'PUT', { etag: '"abc"', lastModified: LM + 500 })).toBe('proceed');
  });
  it('If-Unmodified-Since is ignored when If-Match is present or the date is unparseable', () => {
    const old = formatHttpDate(LM - 1000);
    expect(run({ 'if-match': '"abc"', 'if-unmodified-since': old }, 'PUT')).toBe('proceed');
    expect(run({ 'if-unmodified-since': 'yesterday' }, 'PUT')).toBe('proceed');
  });
  it('a failed If-Match wins over a matching If-None-Match', () => {
    expect(run({ 'if-match': '"nope"', 'if-none-match': '"abc"' })).toBe('precondition-failed');
  });
  it('a blank If-Match is treated as absent, so If-Unmodified-Since applies', () => {
    expect(run({ 'if-match': '' }, 'PUT')).toBe('proceed');
    expect(run({ 'if-match': ' ', 'if-unmodified-since': formatHttpDate(LM - 1000) }, 'PUT')).toBe(
      'precondition-failed',
    );
  });
});
