// Node only: the Workers first-request figures of `npm run bench`. Each path is the first request of a
// fresh workerd isolate (`wrangler dev` over the static assets `npm run build` wrote), profiled from
// inside the isolate (src/bench/workerd-cpu.ts); issue 5 asks for 10 ms of CPU at most.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AssetManifest } from '../store/asset-format.ts';
import { MANIFEST_PATH } from '../store/asset-format.ts';
import { slugSegment } from '../store/slug.ts';
import { median } from './table.ts';
import { workerdFirstRequest } from './workerd-cpu.ts';

export interface EdgeResult {
  label: string;
  path: string;
  cpuMs: number;
  programMs: number;
}

/** The documents whose first render reads the most: the site feed, the most and the least used tag
 * with a full page (the least used spreads its items over the most chunks), a second page and the
 * oldest archive (rendered in the isolate: no prerendered copy), the home page and the OPML list. */
async function edgePaths(assets: string): Promise<{ label: string; path: string }[]> {
  const manifest = JSON.parse(await readFile(join(assets, MANIFEST_PATH), 'utf8')) as AssetManifest;
  const byCount = [...manifest.tags].sort((a, b) => b[3] - a[3]);
  const top = byCount[0];
  const rare = byCount.filter((g) => g[3] >= manifest.site.items).at(-1) ?? byCount.at(-1);
  return [
    { label: '/rss.xml', path: '/rss.xml' },
    ...(top ? [{ label: 'top tag feed', path: `/tags/${slugSegment(top[0])}/rss.xml` }] : []),
    ...(rare ? [{ label: 'rare tag feed', path: `/tags/${slugSegment(rare[0])}/rss.xml` }] : []),
    { label: 'second page', path: '/rss.xml?page=2' },
    { label: 'oldest archive', path: '/archive/1/rss.xml' },
    { label: 'home page', path: '/' },
    { label: 'OPML', path: '/feeds.opml' },
  ];
}

export async function edgeFirstRequests(runDir: string, rounds: number): Promise<EdgeResult[]> {
  const assets = join(runDir, '.herald', 'assets');
  const out: EdgeResult[] = [];
  for (const { label, path } of await edgePaths(assets)) {
    const cpu: number[] = [];
    const program: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const first = await workerdFirstRequest(assets, path);
      if (first.status !== 200) throw new Error(`Workers first request ${path}: status ${first.status}`);
      cpu.push(first.cpuMs);
      program.push(first.programMs);
    }
    out.push({ label, path, cpuMs: median(cpu) as number, programMs: median(program) as number });
  }
  return out;
}
