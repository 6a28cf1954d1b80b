// A production install, as docs/operations.md tells operators to make it: the repository's files in a
// fresh directory, `npm ci --omit=dev`, and nothing else. Every command an operator runs must work from
// the dependencies alone: no TypeScript loader, no test runner, no wrangler (the bundled command line
// is built with esbuild, a dependency). One install is shared by every case; it is skipped, saying
// why, only when the npm registry cannot be reached.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPILED_PATH } from '../../src/build/compiled-store.ts';
import { MANIFEST_PATH } from '../../src/storage/assets/format.ts';
import { REPO } from '../support/cli.ts';
import { articleFile, NOW, siteYaml, sources } from '../support/fixtures.ts';
import { assertWellFormed, childrenOf, parseXml, textOf } from '../support/xml.ts';

const INSTALL_TIMEOUT = 300_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its exit, killed after `timeout` ms (a hang fails its test, not the suite). */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout = 120_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** This process's environment without what would change what is tested: the variables npm sets for the
 * script running the tests (its package, its directory) and Herald's own settings from the shell. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|command$|config_local_prefix$|config_call$)/i.test(key)) continue;
    if (/^(INIT_CWD|NODE_ENV|SITE_URL|HUB_URL|CONTENT_DIR|PORT|HOST|WATCH|LOG_REQUESTS|FEED_|CACHE_)/.test(key))
      continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** What `git ls-files` lists (tracked files, as a clone has them), plus the untracked sources under src/
 * not ignored (work not committed yet), that exist in the working tree. */
function repositoryFiles(): string[] {
  const list = (args: string[]) =>
    execFileSync('git', ['ls-files', '-z', ...args], { cwd: REPO, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
  const files = new Set([...list([]), ...list(['--others', '--exclude-standard', 'src'])]);
  return [...files].filter((file) => existsSync(join(REPO, file)));
}

/** npm's words for a registry it could not reach (its error codes, which come from Node's sockets). */
const UNREACHABLE = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b/;

let root = '';
let dir = '';
/** Why the cases are skipped: the registry could not be reached. */
let skipped: string | undefined;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'herald-production-'));
  dir = join(root, 'herald');
  for (const file of repositoryFiles()) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(REPO, file), join(dir, file), { verbatimSymlinks: true });
  }
  const install = await run(
    'npm',
    ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'],
    dir,
    cleanEnv(),
    INSTALL_TIMEOUT - 10_000,
  );
  if (install.code !== 0 && UNREACHABLE.test(`${install.stdout}\n${install.stderr}`)) {
    skipped = `production install skipped: the npm registry could not be reached (npm ci --omit=dev): ${
      install.stderr.split('\n').find((line) => UNREACHABLE.test(line)) ?? ''
    }`;
    console.warn(skipped);
    return;
  }
  expect(install.code, `npm ci --omit=dev failed:\n${install.stdout}\n${install.stderr}`).toBe(0);
}, INSTALL_TIMEOUT);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** `node src/cli/herald.mjs ...args` in the installed copy, with none of the shell's Herald settings. */
function herald(args: string[]): Promise<Run> {
  return run(process.execPath, ['src/cli/herald.mjs', ...args], dir, cleanEnv());
}

/** A small store in the installed copy: three published articles, one scheduled, one draft (at NOW). */
function writeSmallStore(name: string): string {
  const files = sources(
    {
      '2024/alpha': articleFile({ title: 'Alpha', date: '2024-03-01T10:00:00Z', tags: ['politics'] }),
      '2024/beta': articleFile({ title: 'Beta', date: '2024-04-01T10:00:00Z', tags: ['asia'] }),
      '2024/gamma': articleFile({ title: 'Gamma', date: '2024-05-01' }),
      '2024/draft': articleFile({ title: 'Draft', date: '2024-01-01', draft: true }),
      '2099/future': articleFile({ title: 'Future', date: '2099-07-01T08:00:00Z' }),
    },
    siteYaml({ title: 'Production Install News' }),
  );
  const content = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(content, path)), { recursive: true });
    writeFileSync(join(content, path), text);
  }
  return content;
}

/** Markdown files under `dir`, relative to it. */
function articlesIn(content: string): string[] {
  const articles = join(content, 'articles');
  if (!existsSync(articles)) return [];
  return (readdirSync(articles, { recursive: true }) as string[]).filter((path) => path.endsWith('.md')).sort();
}

// Each case starts node (and the first one bundles the command line): more than the default 5 s on a
// busy machine.
describe('a production install (npm ci --omit=dev)', { timeout: 120_000 }, () => {
  it('has no development tools in node_modules: no tsx, vitest or wrangler', ({ skip }) => {
    skip(skipped !== undefined, skipped);
    const installed = readdirSync(join(dir, 'node_modules'));
    expect(installed).toContain('hono');
    expect(installed).toContain('esbuild');
    for (const tool of ['tsx', 'vitest', 'wrangler', '@cloudflare']) expect(installed).not.toContain(tool);
  });

  it('runs `herald --help`, listing every command, exit 0', async ({ skip }) => {
    skip(skipped !== undefined, skipped);
    const help = await herald(['--help']);
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    for (const command of ['start', 'build', 'check', 'import', 'ping', 'gen', 'dev']) {
      expect(help.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    }
  });

  it('runs `herald check` on a small store and says what is published, scheduled and left out', async ({ skip }) => {
    skip(skipped !== undefined, skipped);
    writeSmallStore('check-store');
    const check = await herald(['check', '--content', 'check-store', '--now', NOW]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^check-store: OK: 3 articles published, 1 scheduled .*1 draft/m);
    expect(check.stdout).toContain('"Production Install News"');
  });

  it('runs `herald build --node`, which writes the compiled store', async ({ skip }) => {
    skip(skipped !== undefined, skipped);
    writeSmallStore('build-store');
    const build = await herald(['build', '--node', '--content', 'build-store']);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/^Built build-store: \d+ articles/m);
    expect(existsSync(join(dir, COMPILED_PATH, MANIFEST_PATH))).toBe(true);
    // The Node store only: no Worker assets.
    expect(existsSync(join(dir, '.herald', 'assets'))).toBe(false);
  });

  it('runs `herald import text`, which writes an article that `herald check` accepts', async ({ skip }) => {
    skip(skipped !== undefined, skipped);
    writeSmallStore('text-store');
    writeFileSync(
      join(root, 'story.txt'),
      'Talks Resume in Geneva\n\nDelegates met on Monday.\n\nThey will meet again.\n',
    );
    const imported = await herald([
      'import',
      'text',
      join(root, 'story.txt'),
      '--date',
      '2024-05-20',
      '--tags',
      'diplomacy',
      '--content',
      'text-store',
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(articlesIn(join(dir, 'text-store'))).toContain(join('2024', 'talks-resume-in-geneva.md'));
    const article = readFileSync(join(dir, 'text-store', 'articles', '2024', 'talks-resume-in-geneva.md'), 'utf8');
    expect(article).toMatch(/^title: "Talks Resume in Geneva"$/m);
    const check = await herald(['check', '--content', 'text-store', '--now', NOW]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/OK: 4 articles published/);
  });

  it('runs `herald import wordpress` on an export, which writes its published and scheduled posts', async ({
    skip,
  }) => {
    skip(skipped !== undefined, skipped);
    const content = join(dir, 'wordpress-store');
    mkdirSync(content);
    writeFileSync(join(content, 'site.yaml'), siteYaml());
    const imported = await herald([
      'import',
      'wordpress',
      join(dir, 'tests', 'fixtures', 'wordpress', 'export.xml'),
      '--content',
      'wordpress-store',
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^imported 6; skipped 5 /m);
    expect(articlesIn(content)).toHaveLength(6);
    const check = await herald(['check', '--content', 'wordpress-store']);
    expect(check.code, check.stderr).toBe(0);
  });

  it('serves with `npm start`: feeds, /healthz and /readyz answer 200, and SIGTERM stops it with exit 0', async ({
    skip,
    onTestFinished,
  }) => {
    skip(skipped !== undefined, skipped);
    writeSmallStore('serve-store');
    const server: ChildProcess = spawn('npm', ['start'], {
      cwd: dir,
      env: cleanEnv({ PORT: '0', HOST: '127.0.0.1', CONTENT_DIR: 'serve-store', NODE_ENV: 'production' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    onTestFinished(() => {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    });
    let stderr = '';
    server.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Logs are JSON lines on stdout (npm's own banner lines are not JSON); 'listening' carries the URL.
    const logs: Record<string, unknown>[] = [];
    const listening = new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: server.stdout as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        if (!line.startsWith('{')) return;
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'listening') resolve(String(entry.url));
      });
      void exited.then((code) => reject(new Error(`npm start exited with ${code} before listening:\n${stderr}`)));
    });
    const url = await listening;

    const feed = await fetch(new URL('rss.xml', url));
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = await feed.text();
    await assertWellFormed(xml);
    const channel = parseXml(xml).rss.channel;
    expect(textOf(channel.title)).toBe('Production Install News');
    expect(childrenOf(channel, 'item').map((item) => textOf(item.title))).toEqual(['Gamma', 'Beta', 'Alpha']);

    const health = await fetch(new URL('healthz', url));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', articles: 3, version: expect.any(String) });
    const ready = await fetch(new URL('readyz', url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });

    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The signal reached node through npm, and node shut down on it.
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'shutting down', signal: 'SIGTERM' }));
    // Started by npm start with its flags: no warning about the memory reducer.
    expect(logs.filter((entry) => entry.level === 'warn')).toEqual([]);
    expect(stderr).toBe('');
  });
});
