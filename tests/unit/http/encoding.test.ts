import { describe, expect, it } from 'vitest';
import { negotiateEncoding } from '../../../src/http/encoding.ts';

const both = ['br', 'gzip'] as const;

describe('negotiateEncoding', () => {
  it('sends identity when there is no header or it is empty', () => {
    expect(negotiateEncoding(null, both)).toBe('identity');
    expect(negotiateEncoding(undefined, both)).toBe('identity');
    expect(negotiateEncoding('', both)).toBe('identity');
    expect(negotiateEncoding('  ', both)).toBe('identity');
  });

  it('prefers br over gzip over identity on ties', () => {
    expect(negotiateEncoding('gzip, deflate, br', both)).toBe('br');
    expect(negotiateEncoding('gzip, br', ['gzip'])).toBe('gzip');
    expect(negotiateEncoding('gzip, identity', ['gzip'])).toBe('gzip');
    expect(negotiateEncoding('deflate', both)).toBe('identity');
  });

  it('respects q-values', () => {
    expect(negotiateEncoding('gzip;q=0.5, br;q=0.4', both)).toBe('gzip');
    expect(negotiateEncoding('gzip;q=0.5, identity', both)).toBe('identity');
    expect(negotiateEncoding('gzip;q=0.001', both)).toBe('gzip');
    expect(negotiateEncoding('br;q=1.000, gzip;q=1', both)).toBe('br');
  });

  it('treats q=0 as refusal', () => {
    expect(negotiateEncoding('br;q=0, gzip', both)).toBe('gzip');
    expect(negotiateEncoding('br;q=0.000, gzip;q=0', both)).toBe('identity');
    expect(negotiateEncoding('gzip;q=0, gzip', both)).toBe('identity'); // duplicate: lowest q wins
  });

  it('applies * to codings not listed', () => {
    expect(negotiateEncoding('*', both)).toBe('br');
    expect(negotiateEncoding('*', ['gzip'])).toBe('gzip');
    expect(negotiateEncoding('*', [])).toBe('identity');
    expect(negotiateEncoding('br;q=0, *', both)).toBe('gzip');
    expect(negotiateEncoding('gzip;q=0.2, *;q=0.5', ['gzip'])).toBe('identity');
    expect(negotiateEncoding('gzip;q=0.8, *;q=0.5', both)).toBe('gzip');
  });

  it('refuses identity only for identity;q=0 or *;q=0 without an explicit identity', () => {
    expect(negotiateEncoding('*;q=0', both)).toBeNull();
    expect(negotiateEncoding('*;q=0, gzip', both)).toBe('gzip');
    expect(negotiateEncoding('*;q=0, identity', both)).toBe('identity');
    expect(negotiateEncoding('*;q=0, identity;q=0.1', both)).toBe('identity');
    expect(negotiateEncoding('identity;q=0', both)).toBeNull();
    expect(negotiateEncoding('identity;q=0', [])).toBeNull();
    expect(negotiateEncoding('identity;q=0, gzip', both)).toBe('gzip');
    expect(negotiateEncoding('identity;q=0, *', both)).toBe('br');
  });

  it('only offers available codings', () => {
    expect(negotiateEncoding('br', [])).toBe('identity');
    expect(negotiateEncoding('br, identity;q=0', ['gzip'])).toBeNull();
  });

  it('treats x-gzip as gzip', () => {
    expect(negotiateEncoding('x-gzip', both)).toBe('gzip');
    expect(negotiateEncoding('x-gzip;q=0', ['gzip'])).toBe('identity');
  });

  it('is case-insensitive', () => {
    expect(negotiateEncoding('GZIP', both)).toBe('gzip');
    expect(negotiateEncoding('Br;Q=0.9, GZip;q=0.1', both)).toBe('br');
    expect(negotiateEncoding('IDENTITY;Q=0', [])).toBeNull();
  });

  it('tolerates odd whitespace and empty members', () => {
    expect(negotiateEncoding(' gzip ;\tq=0.9 ,, br ; q = 0.8 ,', both)).toBe('gzip');
    expect(negotiateEncoding('\tbr\t', both)).toBe('br');
  });

  it('ignores members with an invalid q, as if not listed', () => {
    expect(negotiateEncoding('br;q=2, gzip;q=0.1', both)).toBe('gzip');
    expect(negotiateEncoding('br;q=abc, gzip;q=0.1', both)).toBe('gzip');
    expect(negotiateEncoding('br;q=0.5000, gzip;q=0.1', both)).toBe('gzip');
    expect(negotiateEncoding('br;q=, gzip;q=0.1', both)).toBe('gzip');
    expect(negotiateEncoding('br;q=-1', both)).toBe('identity');
    expect(negotiateEncoding('identity;q=x, *;q=0', both)).toBeNull(); // the invalid identity entry is dropped
  });

  it('ignores other parameters and garbage tokens', () => {
    expect(negotiateEncoding('gzip;level=9;q=0.5, br;q=0.4', both)).toBe('gzip');
    expect(negotiateEncoding('g zip, "br"', both)).toBe('identity');
  });
});
