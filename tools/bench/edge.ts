// Node only: the Workers first-request figures of `npm run bench`. Each path is the first request of a
// fresh workerd isolate over the static assets `npm run build` wrote, measured as the workerd process's
// CPU time (tools/bench/workerd-cpu.ts); the target is 10 ms of CPU at most.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { slugSegment } from '../../src/core/slug.ts';
import type { AssetGroups, AssetManifest } from '../../src/storage/assets/format.ts';
import { GROUP_ROWS_PATH, MANIFEST_PATH } from '../../src/storage/assets/format.ts';
import { median } from './table.ts';
import { bundleWorker, workerdFirstRequest } from './workerd-cpu.ts';

export interface EdgeResult {
  label: string;
  path: string;
  cpuMs: number;
}

/** The documents whose first render reads the most: the site feed, the most and the least used tag
 * with a full page, a second page of the site feed and of a rare tag (read from its own record chunks;
 * before asset format 5, from up to one list chunk per item), and the oldest archive (rendered in the
 * isolate: no prerendered copy), the home page and the OPML list. */
async function edgePaths(assets: string): Promise<{ label: string; path: string }[]> {
  const manifest = JSON.parse(await readFile(join(assets, MANIFEST_PATH), 'utf8')) as AssetManifest;
  const groups = JSON.parse(await readFile(join(assets, GROUP_ROWS_PATH), 'utf8')) as AssetGroups;
  const byCount = [...groups.tags].sort((a, b) => b[3] - a[3]);
  const top = byCount[0];
  const rare = byCount.filter((g) => g[3] >= manifest.site.items).at(-1) ?? byCount.at(-1);
  // Page 2 of the least used tag that has one: its items lie furthest apart, one chunk read each.
  const rarePaged = byCount.filter((g) => g[3] >= 2 * manifest.site.items).at(-1);
  return [
    { label: '/rss.xml', path: '/rss.xml' },
    ...(top ? [{ label: 'top tag feed', path: `/tags/${slugSegment(top[0])}/rss.xml` }] : []),
    ...(rare ? [{ label: 'rare tag feed', path: `/tags/${slugSegment(rare[0])}/rss.xml` }] : []),
    { label: 'second page', path: '/rss.xml?page=2' },
    ...(rarePaged
      ? [{ label: 'rare tag, second page', path: `/tags/${slugSegment(rarePaged[0])}/rss.xml?page=2` }]
      : []),
    { label: 'oldest archive', path: '/archive/1/rss.xml' },
    { label: 'home page', path: '/' },
    { label: 'OPML', path: '/feeds.opml' },
  ];
}

/** Median CPU of each path's first request over `rounds` fresh isolates, and the same for a Worker that
 * answers a constant text (label "floor": what workerd itself costs). */
export async function edgeFirstRequests(runDir: string, rounds: number): Promise<EdgeResult[]> {
  const assets = join(runDir, '.herald', 'assets');
  const bundle = await bundleWorker(assets);
  try {
    const paths = [...(await edgePaths(assets)), { label: 'floor', path: '/rss.xml' }];
    const out: EdgeResult[] = [];
    for (const { label, path } of paths) {
      const cpu: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const first = await workerdFirstRequest(bundle, assets, path, label === 'floor' ? 'floor.js' : 'worker.js');
        if (first.status !== 200) throw new Error(`Workers first request ${path}: status ${first.status}`);
        cpu.push(first.cpuMs);
      }
      out.push({ label, path, cpuMs: median(cpu) as number });
    }
    return out;
  } finally {
    await rm(bundle.dir, { recursive: true, force: true });
  }
}
