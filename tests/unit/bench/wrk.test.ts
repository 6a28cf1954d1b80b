import { describe, expect, it } from 'vitest';
import { parseDuration, parseWrkOutput, wrkCommand } from '../../../tools/bench/wrk.ts';

const CLEAN = `Running 2s test @ http://127.0.0.1:9911/
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.94ms   18.96ms 256.92ms   96.14%
    Req/Sec    14.18k     5.41k   20.98k    70.00%
  Latency Distribution
     50%    2.91ms
     75%    4.30ms
     90%    8.86ms
     99%  116.04ms
  28345 requests in 2.02s, 3.43MB read
Requests/sec:  14042.70
Transfer/sec:      1.70MB
`;

const WITH_ERRORS = `Running 1m test @ http://127.0.0.1:8787/
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   850.00us  120.00us   1.02s    99.00%
    Req/Sec    41.00k     1.00k   43.00k    80.00%
  Latency Distribution
     50%  800.00us
     75%  900.00us
     90%    1.10ms
     99%    1.50s
  2460000 requests in 1.00m, 1.20GB read
  Socket errors: connect 0, read 3, write 1, timeout 12
  Non-2xx or 3xx responses: 42
Requests/sec:  41000.00
Transfer/sec:     20.48MB
`;

describe('parseWrkOutput', () => {
  it('reads requests, duration, rate and the latency percentiles in milliseconds', () => {
    const r = parseWrkOutput(CLEAN);
    expect(r.requests).toBe(28345);
    expect(r.seconds).toBeCloseTo(2.02);
    expect(r.requestsPerSec).toBeCloseTo(14042.7);
    expect(r.latency).toEqual({ avg: 6.94, max: 256.92, p50: 2.91, p75: 4.3, p90: 8.86, p99: 116.04 });
  });

  it('counts no errors when wrk prints no error lines', () => {
    const r = parseWrkOutput(CLEAN);
    expect(r.socketErrors).toEqual({ connect: 0, read: 0, write: 0, timeout: 0 });
    expect(r.non2xx3xx).toBe(0);
  });

  it('reads socket errors, non-2xx/3xx answers and microsecond, second and minute units', () => {
    const r = parseWrkOutput(WITH_ERRORS);
    expect(r.socketErrors).toEqual({ connect: 0, read: 3, write: 1, timeout: 12 });
    expect(r.non2xx3xx).toBe(42);
    expect(r.seconds).toBe(60);
    expect(r.latency.p50).toBeCloseTo(0.8);
    expect(r.latency.p99).toBe(1500);
  });

  it('refuses output that is not a wrk report', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/unexpected output/);
  });
});

describe('parseDuration', () => {
  it('refuses a unit wrk does not print', () => {
    expect(() => parseDuration('3days')).toThrow(/duration/);
  });
});

describe('wrkCommand', () => {
  it('pins wrk with taskset and passes headers, latency and the duration', () => {
    expect(
      wrkCommand({
        url: 'http://127.0.0.1:1/rss.xml',
        durationSeconds: 5,
        headers: { 'If-None-Match': '"x"' },
        cpu: 1,
      }),
    ).toEqual([
      'taskset',
      '-c',
      '1',
      'wrk',
      '-t1',
      '-c50',
      '-d5s',
      '--latency',
      '-H',
      'If-None-Match: "x"',
      'http://127.0.0.1:1/rss.xml',
    ]);
  });
});
