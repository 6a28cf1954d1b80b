// Node only: what first requests cost the server per content coding. A fresh Herald (empty render
// cache) over a generated store is asked for 30 distinct documents once (each one rendered, and
// compressed when a coding is asked for), then for the same 30 a second, third and fourth time
// (answered from the cache; the third serve queues each coded variant's background upgrade, which is
// timed on its own before the fourth pass). Each row gives wall time and process CPU time (all threads:
// zlib's included). Run: `npx tsx tools/bench/first-requests.ts`.
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../../src/core/clock.ts';
import { generateStore, REFERENCE_DATE } from '../../src/generate/generate.ts';
import { writeStore } from '../../src/generate/write-store.ts';
import { compressNode } from '../../src/runtime/node/compress.ts';
import { startNodeServer } from '../../src/runtime/node/server.ts';
import { formatMs, markdownTable } from './table.ts';

const ARTICLES = 200;
const DOCUMENTS = 30;
const CODINGS = ['identity', 'gzip', 'br'] as const;
const FORMATS = ['rss.xml', 'atom.xml', 'feed.json'] as const;

interface Pass {
  wallMs: number;
  cpuMs: number;
  bytes: number;
}

/** GET over one keep-alive connection; the body is read in full and its length returned. */
function get(agent: Agent, url: string, coding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { 'accept-encoding': coding } }, (res) => {
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        length += chunk.byteLength;
      });
      res.on('end', () =>
        res.statusCode === 200 ? resolve(length) : reject(new Error(`GET ${url}: status ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** One request after the other, so the process CPU time is that of these requests alone. */
async function pass(agent: Agent, base: string, paths: readonly string[], coding: string): Promise<Pass> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let bytes = 0;
  for (const path of paths) bytes += await get(agent, `${base}${path}`, coding);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, bytes };
}

/** Tag feeds in the three formats over the most used tags, then article pages: all distinct documents. */
function documents(tags: readonly string[], slugs: readonly string[], skip: number): string[] {
  const feeds = tags
    .slice(skip, skip + 10)
    .flatMap((tag) => FORMATS.map((f) => `/tags/${encodeURIComponent(tag)}/${f}`));
  const pages = slugs.slice(skip, skip + 10).map((slug) => `/articles/${encodeURIComponent(slug)}`);
  return [...feeds.slice(0, DOCUMENTS - 10), ...pages];
}

export async function firstRequests(): Promise<{ header: string[]; rows: string[][] }> {
  const root = await mkdtemp(join(tmpdir(), 'herald-first-requests-'));
  try {
    const contentDir = join(root, 'content');
    await writeStore(contentDir, generateStore(ARTICLES));
    const start = () =>
      startNodeServer({
        contentDir,
        compiledPath: join(root, 'compiled', 'store'),
        websubState: join(root, 'compiled', 'websub.json'),
        env: {},
        port: 0,
        host: '127.0.0.1',
        clock: fixedClock(REFERENCE_DATE),
        log: () => {},
      });
    const run = async (paths: readonly string[], coding: string): Promise<[string, Pass][]> => {
      const server = await start();
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const first = await pass(agent, server.url, paths, coding);
        const second = await pass(agent, server.url, paths, coding);
        const third = await pass(agent, server.url, paths, coding);
        const cpu = process.cpuUsage();
        const started = performance.now();
        await compressNode.background.idle();
        const used = process.cpuUsage(cpu);
        const upgrades = { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, bytes: 0 };
        const fourth = await pass(agent, server.url, paths, coding);
        return [
          [`${DOCUMENTS} first`, first],
          [`${DOCUMENTS} second`, second],
          [`${DOCUMENTS} third`, third],
          ['background upgrades after the third', upgrades],
          [`${DOCUMENTS} fourth`, fourth],
        ];
      } finally {
        agent.destroy();
        await server.close(100);
      }
    };

    // The first server compiles the store and warms the JIT on other documents; it is not reported.
    const probe = await start();
    const store = probe.store();
    const tags = [...store.tags.values()].sort((a, b) => b.size - a.size).map((g) => g.slug);
    const slugs = (await store.select({ kind: 'all' }, Number.POSITIVE_INFINITY).slice(0, store.count)).map(
      (a) => a.slug,
    );
    await probe.close(100);
    const warmup = documents(tags, slugs, 20);
    for (const coding of CODINGS) await run(warmup, coding);

    const measured = documents(tags, slugs, 0);
    const rows: string[][] = [];
    for (const coding of CODINGS) {
      for (const [name, p] of await run(measured, coding)) {
        rows.push([
          coding,
          name,
          formatMs(p.wallMs),
          formatMs(p.cpuMs),
          formatMs(p.cpuMs / DOCUMENTS),
          p.bytes ? `${(p.bytes / 1024).toFixed(0)} KiB` : '',
        ]);
      }
    }
    return { header: ['coding', 'requests', 'wall', 'process CPU', 'CPU per document', 'bytes sent'], rows };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { header, rows } = await firstRequests();
  process.stdout.write(
    `${ARTICLES} generated articles, ${DOCUMENTS} documents (tag feeds, article pages), one request at a time, fresh server per coding:\n\n${markdownTable(header, rows)}\n`,
  );
}
