// `npm run build` as users run it: src/cli/herald.mjs runs `herald build`, and the compile pool its
// worker threads, from the esbuild bundle in .herald/node/ under plain node (src/build/bundle.mjs). It
// writes what the sources write under tsx, and a bundle older than a file it was built from is made again.
import { execFile } from 'node:child_process';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundle } from '../../src/build/bundle.mjs';
import { generateStore } from '../../src/generate/generate.ts';
import { writeStore } from '../../src/generate/write-store.ts';
import { newsSources } from '../support/fixtures.ts';
import { contentDir } from '../support/http.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Above the compile pool's threshold (2,000 files), so the build compiles on worker threads. */
const ARTICLES = 2100;
// Two builds of 2,100 articles, one of them booting tsx in every thread: tens of seconds on a busy machine.
const TIMEOUT = 180_000;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'herald-build-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Node on `args` in `cwd` (made first) with nothing from this process's environment but PATH. */
async function node(args: string[], cwd: string, env: Record<string, string>): Promise<string> {
  await mkdir(cwd, { recursive: true });
  const { stdout } = await run(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: TIMEOUT,
  });
  return stdout;
}

/** Every file under `dir`, by path relative to it. */
async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return new Map(await Promise.all(files.map(async (f) => [f.slice(dir.length), await readFile(f)] as const)));
}

const HERALD = join(ROOT, 'src/cli/herald.mjs');

describe('npm run build (herald build, from the bundle)', () => {
  let bundled: { stdout: string; files: Map<string, Buffer> };
  let sources: { stdout: string; files: Map<string, Buffer> };
  beforeAll(async () => {
    const content = join(root, 'content');
    await writeStore(content, generateStore(ARTICLES));
    await ensureBundle();
    const env = { CONTENT_DIR: content };
    // One after the other: the pool's threads are those of an idle machine, as when users build.
    const a = await node([HERALD, 'build', '--node'], join(root, 'bundled'), env);
    const b = await node(
      ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/main.ts'), 'build', '--node'],
      join(root, 'tsx'),
      env,
    );
    bundled = { stdout: a, files: await filesUnder(join(root, 'bundled', '.herald')) };
    sources = { stdout: b, files: await filesUnder(join(root, 'tsx', '.herald')) };
  }, TIMEOUT);

  it('writes the same .herald files, byte for byte, as src/cli/main.ts run from the sources under tsx', () => {
    // Drafts are not counted.
    expect(Number(/^Built .*: (\d+) articles/m.exec(bundled.stdout)?.[1])).toBeGreaterThan(ARTICLES * 0.9);
    expect(bundled.files.size).toBeGreaterThan(3);
    expect([...bundled.files.keys()].sort()).toEqual([...sources.files.keys()].sort());
    for (const [path, bytes] of bundled.files) expect(bytes.equals(sources.files.get(path) as Buffer), path).toBe(true);
  });

  it.skipIf(availableParallelism() < 2)('compiles on worker threads started from the bundled worker', () => {
    const threads = Number(/ on (\d+) threads?,/.exec(bundled.stdout)?.[1]);
    expect(threads).toBeGreaterThan(1);
  });
});

describe('the bundle in .herald/node/ (src/build/bundle.mjs)', () => {
  // A copy of the project's sources, so editing one does not touch the bundle other tests run.
  let project: string;
  let content: Awaited<ReturnType<typeof contentDir>>;
  const buildCopy = () =>
    node([join(project, 'src/cli/herald.mjs'), 'build', '--node'], join(project, 'run'), { CONTENT_DIR: content.dir });
  const bundleMtime = async () => (await stat(join(project, '.herald/node/herald.mjs'))).mtimeMs;
  beforeAll(async () => {
    project = join(root, 'project');
    for (const file of ['src', 'package.json', 'package-lock.json', 'tsconfig.json']) {
      await cp(join(ROOT, file), join(project, file), { recursive: true });
    }
    await symlink(await realpath(join(ROOT, 'node_modules')), join(project, 'node_modules'));
    content = await contentDir(newsSources());
    await buildCopy();
  }, TIMEOUT);
  afterAll(() => content.remove());

  it('is reused while no file it was built from has changed', { timeout: TIMEOUT }, async () => {
    const before = await bundleMtime();
    expect(await buildCopy()).toMatch(/^Built /m);
    expect(await bundleMtime()).toBe(before);
  });

  it('is made again when a file it was built from has changed', { timeout: TIMEOUT }, async () => {
    await appendFile(join(project, 'src/cli/main.ts'), "process.stdout.write('edited since the bundle\\n');\n");
    expect(await buildCopy()).toMatch(/\nedited since the bundle\n$/);
  });
});
