// `npm run soak [-- --duration 120]`: Herald on a generated 10,000-article store under wrk at saturation
// for the duration, over a mix of 200s and 304s across several feeds, sampling its RSS every 5 s.
// Exits 1 on any non-2xx/3xx answer or socket error, or when RSS in the last minute is more than 20%
// above the first minute.
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { groupSlug } from '../../src/core/slug.ts';
import { castOf } from '../../src/generate/generate.ts';
import { parseFlags, positiveNumber } from './args.ts';
import { fetchRepresentation, startHerald } from './herald.ts';
import { type SoakRequest, soakScript } from './lua.ts';
import { installCleanup, killAll, rssBytes } from './process.ts';
import { BENCH_ROOT, ensureStore } from './stores.ts';
import { formatMb, formatMs, formatRate, markdownTable, median } from './table.ts';
import { runWrk } from './wrk.ts';

const SERVER_CPU = 0;
const WRK_CPU = 1;
const SAMPLE_MS = 5000;
const MAX_GROWTH = 0.2;
const log = (line: string) => process.stderr.write(`[soak] ${line}\n`);

function feedPaths(): string[] {
  const cast = castOf();
  const tags = cast.tags.slice(0, 3).map((t) => encodeURIComponent(groupSlug(t)));
  const author = encodeURIComponent(groupSlug(cast.authors[0]?.name as string));
  const files = ['rss.xml', 'atom.xml', 'feed.json'];
  return [
    ...files.map((f) => `/${f}`),
    '/rss.xml?page=2',
    '/feed.json?page=3',
    ...tags.flatMap((t) => files.map((f) => `/tags/${t}/${f}`)),
    `/authors/${author}/rss.xml`,
    `/authors/${author}/atom.xml`,
  ];
}

async function main(): Promise<number> {
  installCleanup();
  const flags = parseFlags(process.argv.slice(2), ['duration', 'size', 'connections']);
  const duration = Math.round(positiveNumber(flags, 'duration', 120));
  const size = Math.round(positiveNumber(flags, 'size', 10_000));
  const connections = Math.round(positiveNumber(flags, 'connections', 50));
  const { dir } = await ensureStore(size, log);
  const runDir = join(BENCH_ROOT, `${size}-run`);
  log(`starting Herald on ${dir}`);
  const { server, startMs } = await startHerald(dir, runDir, SERVER_CPU, 10 * 60_000);
  log(`first 200 after ${formatMs(startMs)}`);
  try {
    const requests: SoakRequest[] = [];
    for (const path of feedPaths()) {
      const { etag } = await fetchRepresentation(server.url, path);
      requests.push({ path }, { path, etag });
    }
    const script = join(runDir, 'soak.lua');
    await writeFile(script, soakScript(requests));
    const url = server.url.replace(/\/$/, '');
    log(`warming up over ${requests.length / 2} feeds`);
    await runWrk({ url, durationSeconds: 5, connections, script, cpu: WRK_CPU });

    const samples: { t: number; rss: number }[] = [];
    const started = performance.now();
    const sample = () => {
      const rss = rssBytes(server.pid);
      if (rss !== undefined) samples.push({ t: (performance.now() - started) / 1000, rss });
    };
    sample();
    const timer = setInterval(sample, SAMPLE_MS);
    log(`wrk -c${connections} for ${duration} s`);
    const result = await runWrk({ url, durationSeconds: duration, connections, script, cpu: WRK_CPU }).finally(() =>
      clearInterval(timer),
    );
    sample();
    const alive = server.child.exitCode === null && server.child.signalCode === null;

    // The first and the last minute (the first and last halves when the run is shorter than two minutes).
    const window = Math.min(60, duration / 2);
    const first = median(samples.filter((s) => s.t <= window).map((s) => s.rss));
    const last = median(samples.filter((s) => s.t >= duration - window).map((s) => s.rss));
    const growth = first && last ? (last - first) / first : undefined;
    const socketErrors = Object.values(result.socketErrors).reduce((a, b) => a + b, 0);
    const problems: string[] = [];
    if (!alive) problems.push('Herald exited during the run');
    if (result.non2xx3xx > 0) problems.push(`${result.non2xx3xx} answers were not 2xx/3xx`);
    if (socketErrors > 0) problems.push(`${socketErrors} socket errors (${JSON.stringify(result.socketErrors)})`);
    if (growth === undefined) problems.push('no RSS samples');
    else if (growth > MAX_GROWTH) problems.push(`RSS grew ${(growth * 100).toFixed(1)}% (limit ${MAX_GROWTH * 100}%)`);

    const rows = [
      ['store', `${size} articles, ${requests.length / 2} feeds, half of the requests conditional`],
      ['duration', `${result.seconds.toFixed(1)} s, ${connections} connections`],
      ['total requests', String(result.requests)],
      ['requests/s', formatRate(result.requestsPerSec)],
      ['non-2xx/3xx', String(result.non2xx3xx)],
      [
        'socket errors',
        `${socketErrors} (connect ${result.socketErrors.connect}, read ${result.socketErrors.read}, write ${result.socketErrors.write}, timeout ${result.socketErrors.timeout})`,
      ],
      ['latency p50 / p99', `${formatMs(result.latency.p50)} / ${formatMs(result.latency.p99)}`],
      [`RSS first ${window} s (median)`, formatMb(first)],
      [`RSS last ${window} s (median)`, formatMb(last)],
      ['RSS growth', growth === undefined ? 'n/a' : `${(growth * 100).toFixed(1)}%`],
      [
        'RSS min / max',
        `${formatMb(Math.min(...samples.map((s) => s.rss)))} / ${formatMb(Math.max(...samples.map((s) => s.rss)))}`,
      ],
    ];
    process.stdout.write(
      `Herald soak (wrk on CPU ${WRK_CPU}, Herald on CPU ${SERVER_CPU}, RSS sampled every ${SAMPLE_MS / 1000} s, load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs)\n\n` +
        `${markdownTable(['metric', 'value'], rows)}\n\n${problems.length ? `FAIL:\n${problems.map((p) => `- ${p}`).join('\n')}` : 'PASS'}\n`,
    );
    return problems.length ? 1 : 0;
  } finally {
    await server.stop();
  }
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`[soak] ${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  })
  .finally(killAll);
