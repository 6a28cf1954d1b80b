// The Worker bundle as `wrangler deploy` would upload it: it builds, needs no Node built-ins, carries
// neither the store (it is in the static assets) nor the loader's libraries (YAML, Markdown, HTML
// sanitizer), and starts in a bare workerd, its warm-up included.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompiledStore } from '../../src/build/compiled-store.ts';
import { ASSETS_DIR } from '../../src/build/worker-assets.ts';
import { bundleWorker, workerdFirstRequest } from '../../tools/bench/workerd-cpu.ts';

let built: Awaited<ReturnType<typeof bundleWorker>>;
let bundle: string;

beforeAll(async () => {
  built = await bundleWorker(ASSETS_DIR);
  // bundleWorker adds floor.js, the bench's constant Worker: not part of what is deployed.
  const files = (await readdir(built.dir)).filter((f) => f.endsWith('.js') && f !== 'floor.js');
  bundle = (await Promise.all(files.map((f) => readFile(join(built.dir, f), 'utf8')))).join('\n');
}, 180_000);

afterAll(() => rm(built.dir, { recursive: true, force: true }));

describe('the Worker bundle', () => {
  it('builds with wrangler deploy --dry-run', () => {
    expect(bundle.length).toBeGreaterThan(1000);
  });

  it('imports no node: built-in (it runs without nodejs_compat)', () => {
    expect(bundle).not.toMatch(/from\s*["']node:|require\(["']node:/);
  });

  it('leaves the loader libraries out: Markdown and HTML are rendered at build time', () => {
    for (const marker of ['markdown-it', 'sanitize-html', 'postcss']) expect(bundle).not.toContain(marker);
  });

  it('carries no article: the store is read from the static assets, so its size does not count', async () => {
    const { compiled: store } = await loadCompiledStore('content', undefined, { write: false });
    expect(store?.articles.length).toBeGreaterThan(0);
    expect(bundle).not.toContain(store?.version);
    for (const article of store?.articles ?? []) expect(bundle).not.toContain(article.title);
  });

  it('stays far below the 3 MB gzipped script limit', () => {
    expect(Buffer.byteLength(bundle)).toBeLessThan(1_000_000);
  });

  // Module scope in workerd allows no I/O and no `new Response` (runtime/workers/warm-up.ts works around
  // both): a warm-up that reached either would fail and log "Worker warm-up failed" at start-up.
  it('warms up at start-up in a bare workerd, then serves', async () => {
    const first = await workerdFirstRequest(built, ASSETS_DIR, '/rss.xml');
    expect(first.output).not.toMatch(/warm-up failed|Disallowed operation/);
    expect(first.status).toBe(200);
  }, 60_000);
});
