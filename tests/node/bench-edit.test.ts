// The bench's edit-to-served figure (tools/bench/edit.ts) through the real Node entry under
// WATCH=1: every edit is timed until /rss.xml shows it, and the store is left as it was found.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle } from '../../src/build/bundle.mjs';
import { generateStore } from '../../src/generate/generate.ts';
import { writeStore } from '../../src/generate/write-store.ts';
import { editToServed } from '../../tools/bench/edit.ts';

const TIMEOUT = 120_000;
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'herald-bench-edit-'));
  await writeStore(join(root, 'content'), generateStore(60));
  await ensureBundle();
}, TIMEOUT);
afterAll(() => rm(root, { recursive: true, force: true }));

/** Every file under `dir` with its text, by path relative to it. */
async function texts(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return new Map(await Promise.all(files.map(async (f) => [f.slice(dir.length), await readFile(f, 'utf8')] as const)));
}

describe('editToServed', () => {
  it('times each edit until the feed serves it and puts the source back', { timeout: TIMEOUT }, async () => {
    const content = join(root, 'content');
    const before = await texts(content);
    const times = await editToServed(content, join(root, 'run'), undefined, 3, TIMEOUT / 2);
    expect(times).toHaveLength(3);
    // The watcher waits 50 ms after the last change before it reloads: nothing can be served sooner.
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(50);
    expect(await texts(content)).toEqual(before);
  });
});
