// `npx tsx tools/bench/start-footprint.ts DIR... [--rounds 3] [--wrk 2]`: what a start leaves behind.
// For each content directory, starts Herald as `npm start` does (npmStartCommand, PORT=0) from a scratch
// working directory, first with no .herald/ there (a cold start: the store is compiled) and then on what
// that start compiled (a warm start), and prints the ms from spawn to the first 200 on /rss.xml and the
// server's RSS (VmRSS) after a warm-up. With --wrk SECONDS it also drives /rss.xml 304s with wrk in
// alternating slices against the raw node:http baseline serving the same bytes (server on CPU 0, wrk
// on CPU 1), and prints Herald's rate over the baseline's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBundle } from '../../src/build/bundle.mjs';
import { positiveNumber } from './args.ts';
import { startBaseline } from './baseline.ts';
import { fetchRepresentation, startHerald } from './herald.ts';
import { httpGet } from './http-get.ts';
import { installCleanup, killAll, rssBytes, type Server } from './process.ts';
import { formatMb, formatMs, formatRatio, markdownTable, median, pairedRatio } from './table.ts';
import { runWrk } from './wrk.ts';

const SERVER_CPU = 0;
const WRK_CPU = 1;
const SLICES = 4;
const log = (line: string) => process.stderr.write(`[start-footprint] ${line}\n`);

/** Requests a poller and a reader make: every feed and a page, full and conditional. */
async function warmUp(base: string): Promise<void> {
  for (const path of ['rss.xml', 'atom.xml', 'feed.json', '', 'feeds.opml']) {
    const url = new URL(path, base).toString();
    for (let i = 0; i < 20; i++) {
      const ok = await httpGet(url);
      if (ok.status !== 200) throw new Error(`GET ${url}: ${ok.status}`);
      const etag = ok.headers.etag;
      if (etag) await httpGet(url, { 'if-none-match': etag });
    }
  }
  // Let the requests' garbage settle the way it does on a quiet server.
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

/** Herald's /rss.xml 304 rate over the baseline's: the median of alternating slices' ratios. */
async function notModifiedRatio(herald: Server, runDir: string, seconds: number): Promise<number | undefined> {
  const route = await fetchRepresentation(herald.url, '/rss.xml');
  const baseline = await startBaseline(runDir, { '/rss.xml': route }, SERVER_CPU);
  try {
    const rates: [number[], number[]] = [[], []];
    for (let slice = 0; slice < SLICES; slice++) {
      for (const i of slice % 2 ? [0, 1] : [1, 0]) {
        const server = i === 0 ? herald : baseline;
        const result = await runWrk({
          url: new URL('rss.xml', server.url).toString(),
          durationSeconds: seconds,
          headers: { 'If-None-Match': route.etag },
          cpu: WRK_CPU,
        });
        rates[i as 0 | 1].push(result.requestsPerSec);
      }
    }
    return pairedRatio(rates[0], rates[1]);
  } finally {
    await baseline.stop();
  }
}

interface Sample {
  firstMs: number;
  rss: number;
  fromCache: boolean | undefined;
  ratio?: number;
}

async function measure(contentDir: string, runDir: string, wrkSeconds: number | undefined): Promise<Sample> {
  const { server, startMs, fromCache } = await startHerald(
    contentDir,
    runDir,
    wrkSeconds ? SERVER_CPU : undefined,
    600_000,
  );
  try {
    await warmUp(server.url);
    const rss = rssBytes(server.pid);
    if (rss === undefined) throw new Error('the server is gone');
    const ratio = wrkSeconds ? await notModifiedRatio(server, runDir, wrkSeconds) : undefined;
    return { firstMs: startMs, rss, fromCache, ...(ratio === undefined ? {} : { ratio }) };
  } finally {
    await server.stop();
  }
}

const { values, positionals: dirs } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string' }, wrk: { type: 'string' } },
});
const flags = Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
const rounds = positiveNumber(flags, 'rounds', 3);
const wrkSeconds = flags.wrk === undefined ? undefined : positiveNumber(flags, 'wrk', 2);
if (dirs.length === 0) throw new Error('name at least one content directory (npx herald gen 1000 DIR)');
installCleanup();
await ensureBundle();
const rows: string[][] = [];
try {
  for (const dir of dirs) {
    const cold: Sample[] = [];
    const warm: Sample[] = [];
    for (let round = 1; round <= rounds; round++) {
      const runDir = await mkdtemp(join(tmpdir(), 'herald-footprint-'));
      try {
        cold.push(await measure(dir, runDir, wrkSeconds));
        warm.push(await measure(dir, runDir, wrkSeconds));
        if (cold.at(-1)?.fromCache !== false || warm.at(-1)?.fromCache !== true) {
          throw new Error(`${dir}: the cold start did not compile or the warm one did not reuse the compiled store`);
        }
        log(
          `${dir} round ${round}: cold ${formatMs(cold.at(-1)?.firstMs)} ${formatMb(cold.at(-1)?.rss)}, warm ${formatMs(warm.at(-1)?.firstMs)} ${formatMb(warm.at(-1)?.rss)}`,
        );
      } finally {
        await rm(runDir, { recursive: true, force: true });
      }
    }
    for (const [kind, samples] of [
      ['cold (no .herald/)', cold],
      ['warm (compiled)', warm],
    ] as const) {
      const ratios = samples.flatMap((s) => (s.ratio === undefined ? [] : [s.ratio]));
      rows.push([
        dir,
        kind,
        formatMs(median(samples.map((s) => s.firstMs))),
        formatMb(median(samples.map((s) => s.rss))),
        ...(wrkSeconds ? [formatRatio(median(ratios))] : []),
      ]);
    }
  }
} finally {
  await killAll();
}
process.stdout.write(
  `${markdownTable(
    [
      'store',
      'start',
      `spawn to first 200, median of ${rounds}`,
      'RSS after warm-up',
      ...(wrkSeconds ? ['/rss.xml 304 rate / baseline'] : []),
    ],
    rows,
  )}\n`,
);
