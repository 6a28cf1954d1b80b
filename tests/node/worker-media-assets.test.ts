// The media files in the Worker's static assets: copied from the content directory under their digest's
// name (identical files once), a file changed since the compile stopping the build, and a file over
// Cloudflare's 25 MiB limit on one asset failing `herald build --workers` by name while the Node build
// goes on as ever.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCompiledStore } from '../../src/build/compiled-store.ts';
import { workerMediaProblems, writeWorkerAssets } from '../../src/build/worker-assets.ts';
import type { MediaFiles } from '../../src/core/article.ts';
import { MEDIA_PATH } from '../../src/storage/assets/format.ts';
import { MAX_ASSET_BYTES, mediaAssetPath } from '../../src/storage/assets/media-path.ts';
import { articleFile, siteYaml } from '../support/fixtures.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOW = Date.UTC(2024, 5, 1);

const pattern = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (seed + i * 13) % 256);
const EPISODE = pattern(4000, 1);
const COVER = pattern(300, 2);

let roots: string[] = [];
afterEach(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
  roots = [];
});

/** A temporary root holding content/ with `files` (text or bytes). */
async function project(files: Record<string, string | Uint8Array>): Promise<{ root: string; content: string }> {
  const root = await mkdtemp(join(tmpdir(), 'herald-media-assets-'));
  roots.push(root);
  const content = join(root, 'content');
  for (const [path, data] of Object.entries(files)) {
    await mkdir(dirname(join(content, path)), { recursive: true });
    await writeFile(join(content, path), data);
  }
  return { root, content };
}

const BASE = {
  'site.yaml': siteYaml(),
  'articles/2024/one.md': articleFile({ title: 'One', date: '2024-03-01T10:00:00Z' }),
};

async function compiled(content: string) {
  const loaded = await loadCompiledStore(content, undefined, { write: false, now: NOW });
  expect(loaded.problems).toEqual([]);
  return loaded.compiled as NonNullable<typeof loaded.compiled>;
}

describe('media files in the Worker assets', () => {
  it('copies each file under its digest, identical files once, beside the index that names them', async () => {
    const { root, content } = await project({
      ...BASE,
      'articles/2024/ep1/episode.mp3': EPISODE,
      'articles/2024/again.mp3': EPISODE,
      'articles/2024/cover.png': COVER,
    });
    const store = await compiled(content);
    const dir = join(root, 'assets');
    await writeWorkerAssets(store, { env: {}, now: NOW, dir, contentDir: content });
    const index = JSON.parse(await readFile(join(dir, MEDIA_PATH), 'utf8')) as MediaFiles;
    expect(Object.keys(index).sort()).toEqual(['2024/again.mp3', '2024/cover.png', '2024/ep1/episode.mp3']);
    const expected: [string, Uint8Array][] = [
      ['2024/ep1/episode.mp3', EPISODE],
      ['2024/again.mp3', EPISODE],
      ['2024/cover.png', COVER],
    ];
    for (const [path, bytes] of expected) {
      const asset = await readFile(join(dir, mediaAssetPath(index[path] as MediaFiles[string])));
      expect(new Uint8Array(asset)).toEqual(bytes);
    }
    expect((await readdir(join(dir, 'media'))).length).toBe(2);
    // The names are hexadecimal: one file each on a case-insensitive disk, and no encoding in a URL.
    for (const name of await readdir(join(dir, 'media'))) expect(name).toMatch(/^[0-9a-f]+$/);
  });

  it('stops, naming the file, when a media file changed since the store was compiled', async () => {
    const { root, content } = await project({ ...BASE, 'articles/2024/ep.mp3': EPISODE });
    const store = await compiled(content);
    await writeFile(join(content, 'articles/2024/ep.mp3'), pattern(4001, 3));
    const dir = join(root, 'assets');
    await expect(writeWorkerAssets(store, { env: {}, now: NOW, dir, contentDir: content })).rejects.toThrow(
      `${content}/articles/2024/ep.mp3: changed since the store was compiled; build again`,
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('needs the content directory for a store with media files', async () => {
    const { root, content } = await project({ ...BASE, 'articles/2024/ep.mp3': EPISODE });
    const store = await compiled(content);
    await expect(writeWorkerAssets(store, { env: {}, now: NOW, dir: join(root, 'assets') })).rejects.toThrow(
      /contentDir/,
    );
  });

  it('lists every file over 25 MiB, and none at exactly 25 MiB', async () => {
    const { content } = await project({ ...BASE, 'articles/big.mp3': '', 'articles/edge.mp4': '' });
    // Sparse: nothing is written but the length.
    await truncate(join(content, 'articles/big.mp3'), MAX_ASSET_BYTES + 1);
    await truncate(join(content, 'articles/edge.mp4'), MAX_ASSET_BYTES);
    const problems = workerMediaProblems(await compiled(content), 'content');
    expect(problems).toEqual([
      expect.stringMatching(/^content\/articles\/big\.mp3: size: 25\.1 MiB is over the 25 MiB/),
    ]);
    expect(problems[0]).toMatch(/R2, a CDN/);
  });
});

/** `herald build ...args` from the sources (tsx), in `cwd`, reading `content`. */
function build(args: string[], cwd: string, content: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/main.ts'), 'build', ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', CONTENT_DIR: content }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('herald build with a media file over 25 MiB', () => {
  it('fails for the Worker, naming the file and where to host it, and builds for Node', async () => {
    const { root, content } = await project({ ...BASE, 'articles/2024/long.mp3': '' });
    await truncate(join(content, 'articles/2024/long.mp3'), 30 * 1024 * 1024);
    const workers = await build(['--workers'], root, content);
    expect(workers.code).toBe(1);
    expect(workers.stderr).toContain(`${content}/articles/2024/long.mp3: size: 30.0 MiB is over the 25 MiB`);
    expect(workers.stderr).toMatch(/R2, a CDN.*enclosure url/);
    expect(workers.stderr).toMatch(/1 problem; no Worker assets were written\.\n$/);
    expect(existsSync(join(root, '.herald/assets'))).toBe(false);
    const node = await build(['--node'], root, content);
    expect(node.stderr).toBe('');
    expect(node.code).toBe(0);
    expect(existsSync(join(root, '.herald/store'))).toBe(true);
  }, 60_000);
});
