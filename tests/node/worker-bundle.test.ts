// The Worker bundle as `wrangler deploy` would upload it: it builds, needs no Node built-ins, and
// carries neither the store (it is in the static assets) nor the loader's libraries (YAML, Markdown,
// HTML sanitizer).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompiledStore } from '../../src/entry/compiled-store.ts';

const run = promisify(execFile);
let outdir: string;
let bundle: string;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'herald-bundle-'));
  await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], { timeout: 120_000 });
  const files = (await readdir(outdir)).filter((f) => f.endsWith('.js'));
  bundle = (await Promise.all(files.map((f) => readFile(join(outdir, f), 'utf8')))).join('\n');
}, 180_000);

afterAll(() => rm(outdir, { recursive: true, force: true }));

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
    const { store } = await loadCompiledStore('content', undefined, { write: false });
    expect(store?.articles.length).toBeGreaterThan(0);
    expect(bundle).not.toContain(store?.version);
    for (const article of store?.articles ?? []) expect(bundle).not.toContain(article.title);
  });

  it('stays far below the 3 MB gzipped script limit', () => {
    expect(Buffer.byteLength(bundle)).toBeLessThan(1_000_000);
  });
});
