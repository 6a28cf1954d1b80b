import { describe, expect, it } from 'vitest';
import { mulberry32, zipf } from '../../../src/generate/random.ts';
import { parseFlags } from '../../../tools/bench/args.ts';
import { luaString, soakScript } from '../../../tools/bench/lua.ts';
import { listeningEntry } from '../../../tools/bench/process.ts';
import { markdownTable, median, pairedRatio } from '../../../tools/bench/table.ts';

describe('mulberry32', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(values);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });
});

describe('zipf', () => {
  it('picks rank 0 most often and every rank within range', () => {
    const random = mulberry32(1);
    const sample = zipf(50, 1);
    const counts = new Array(50).fill(0);
    for (let i = 0; i < 20_000; i++) counts[sample(random)]++;
    expect(Math.max(...counts)).toBe(counts[0]);
    expect(counts[0]).toBeGreaterThan(5 * counts[49]);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe('pairedRatio', () => {
  it('is the median of the ratios within each pair, not the ratio of the medians', () => {
    // Herald ran at 10/11 of the baseline in rounds 1 and 2 (in 2 the machine slowed for both); in
    // round 3 the baseline alone was slowed. The ratio of the medians (20 / 12) would report 1.67x.
    const herald = [20, 10, 30];
    const baseline = [22, 11, 12];
    expect(pairedRatio(herald, baseline)).toBeCloseTo(10 / 11, 5);
    expect((median(herald) as number) / (median(baseline) as number)).toBeCloseTo(20 / 12, 5);
    expect(pairedRatio([], [])).toBeUndefined();
  });
});

describe('markdownTable', () => {
  it('writes a header, a separator and one line per row', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
});

describe('listeningEntry', () => {
  it('reads a JSON "listening" log line with a url and ignores other lines', () => {
    expect(listeningEntry('{"msg":"listening","url":"http://127.0.0.1:5/","compiled":true}')).toEqual({
      msg: 'listening',
      url: 'http://127.0.0.1:5/',
      compiled: true,
    });
    expect(listeningEntry('{"msg":"request","url":"/x"}')).toBeUndefined();
    expect(listeningEntry('{"msg":"listening"}')).toBeUndefined();
    expect(listeningEntry('listening on 5')).toBeUndefined();
    expect(listeningEntry('null')).toBeUndefined();
  });
});

describe('luaString and soakScript', () => {
  it('escapes quotes and backslashes in Lua strings', () => {
    expect(luaString('"a\\b"')).toBe('"\\"a\\\\b\\""');
  });

  it('refuses characters a Lua string literal would carry differently', () => {
    expect(() => luaString('é')).toThrow();
    expect(() => luaString('a\nb')).toThrow();
  });

  it('lists every request, with the ETag only where one is given', () => {
    const script = soakScript([{ path: '/rss.xml' }, { path: '/rss.xml', etag: '"e"' }]);
    expect(script).toContain('{ "/rss.xml", false },');
    expect(script).toContain('{ "/rss.xml", "\\"e\\"" },');
  });
});

describe('parseFlags', () => {
  it('reads --name value and --name=value and refuses unknown flags', () => {
    expect(parseFlags(['--sizes', '1,2', '--rounds=3'], ['sizes', 'rounds'])).toEqual({ sizes: '1,2', rounds: '3' });
    expect(() => parseFlags(['--size', '1'], ['sizes'])).toThrow(/unknown/);
  });
});
