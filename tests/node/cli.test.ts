// The `herald` command line as users meet it: real processes on src/cli/herald.mjs. Help for every
// command, the exit codes (0 done, 1 failed, 2 wrong usage), --content and its CONTENT_DIR fallback,
// progress redrawn on a terminal and plain in a pipe, the Worker's settings read from wrangler.toml, and
// `gen` never overwriting a folder of real content.
import { spawn, spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePage, pagePath } from '../../src/storage/assets/format.ts';
import { HERALD, herald, REPO } from '../support/cli.ts';
import { articleFile, siteYaml } from '../support/fixtures.ts';
import { childrenOf, parseXml, textOf, type XmlNode } from '../support/xml.ts';

const COMMANDS = ['start', 'build', 'check', 'import', 'ping', 'gen', 'dev'];
const TIMEOUT = 120_000;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'herald-cli-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A content folder under the temporary root with one article titled `title`. */
async function store(name: string, title: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'articles'), { recursive: true });
  await writeFile(join(dir, 'site.yaml'), siteYaml());
  await writeFile(join(dir, 'articles', `${name}.md`), articleFile({ title, date: '2024-05-01T08:00:00Z' }));
  return dir;
}

describe('herald --help and each command’s --help', () => {
  it('lists every command and the exit codes, exit 0', async () => {
    const run = await herald(['--help']);
    expect(run.code).toBe(0);
    for (const name of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(run.stdout).toMatch(/Exit codes: 0 done, 1 failed, 2 wrong usage/);
  });

  it('prints the overview on stderr with exit 2 when no command is given', async () => {
    const run = await herald([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^usage: herald COMMAND/);
  });

  it.each(COMMANDS)('herald %s --help: its usage and the shared --content flag, exit 0', async (name) => {
    const run = await herald([name, '--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^usage:\\s+herald ${name}`));
    expect(run.stdout).toMatch(/--content DIR +the content directory \(default: \$CONTENT_DIR, else content\)/);
  });
});

describe('usage mistakes: exit 2, naming the mistake and where help is', () => {
  it.each([
    [['publish'], /^herald: unknown command "publish"; the commands are start, build, /],
    [['build', '--nodes'], /^herald build: Unknown option '--nodes'.* \(herald build --help\)\n$/],
    [['check', '--content'], /^herald check: Option '--content <value>' argument missing \(herald check --help\)\n$/],
    [['start', '--port', '99999'], /^herald start: --port \(or PORT\) must be a whole number from 0 to 65535/],
    [['gen', 'ten', 'dir'], /^herald gen: give N \(a whole number\) and DIR/],
    [['import', 'blogger', 'x.xml'], /^herald import: unknown importer "blogger"/],
    [['build', '--node', '--workers'], /^herald build: --node and --workers: give one/],
  ])('herald %j', async (args, message) => {
    const run = await herald(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('--content DIR, else CONTENT_DIR', () => {
  let a: string;
  let b: string;
  beforeAll(async () => {
    a = await store('from-env', 'Read from CONTENT_DIR');
    b = await store('from-flag', 'Read from --content');
  });

  it('reads CONTENT_DIR when --content is not given', async () => {
    const run = await herald(['check', '--verbose', '--now', '2024-06-01T00:00:00Z'], { env: { CONTENT_DIR: a } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`published ${a}/articles/from-env.md`);
    expect(run.stdout).not.toContain('from-flag');
  });

  it('prefers --content to CONTENT_DIR', async () => {
    const run = await herald(['check', '--verbose', '--now', '2024-06-01T00:00:00Z', '--content', b], {
      env: { CONTENT_DIR: a },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`published ${b}/articles/from-flag.md`);
    expect(run.stdout).not.toContain('from-env');
  });

  it('lists no article without --verbose', async () => {
    const run = await herald(['check', '--now', '2024-06-01T00:00:00Z', '--content', b]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('articles/from-flag.md');
  });
});

describe('herald gen', () => {
  it('writes N articles into a new folder, and replaces a store it generated itself', async () => {
    const dir = join(root, 'generated');
    const first = await herald(['gen', '40', dir]);
    expect(first.code).toBe(0);
    const again = await herald(['gen', '40', dir, '--seed', '7']);
    expect(again.code).toBe(0);
    const check = await herald(['check', '--content', dir]);
    expect(check.code).toBe(0);
  });

  it('refuses a folder of real content (exit 1), and leaves it as it was', async () => {
    const dir = await store('real', 'Mine');
    const before = await readFile(join(dir, 'articles/real.md'), 'utf8');
    const run = await herald(['gen', '10', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`${dir}`));
    expect(await readFile(join(dir, 'articles/real.md'), 'utf8')).toBe(before);
  });
});

describe('progress on long work', () => {
  const ARTICLES = 300;
  let content: string;
  beforeAll(async () => {
    content = join(root, 'progress-store');
    expect((await herald(['gen', String(ARTICLES), content])).code).toBe(0);
  }, TIMEOUT);

  /** `herald build --node` in a fresh working directory, its stdout a pipe. */
  const buildInPipe = async (name: string, env: Record<string, string> = {}) => {
    const cwd = join(root, name);
    await mkdir(cwd, { recursive: true });
    return herald(['build', '--node', '--content', content], { cwd, env, timeout: TIMEOUT });
  };

  /** The same in a pseudo-terminal (util-linux `script`), as a user at a terminal runs it. */
  const buildInTerminal = async (name: string, env: Record<string, string> = {}) => {
    const cwd = join(root, name);
    await mkdir(cwd, { recursive: true });
    const command = [process.execPath, HERALD, 'build', '--node', '--content', content].map(quote).join(' ');
    return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn('script', ['-qefc', command, '/dev/null'], {
        cwd,
        env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    });
  };

  it(
    'prints one plain line as each stage starts and one as it ends in a pipe, no redraws',
    async () => {
      const run = await buildInPipe('pipe');
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain('\r');
      expect(run.stdout).not.toContain('\x1b');
      const lines = run.stdout.trim().split('\n');
      const published = Number(/^compiling \(([\d,]+) articles\)\.\.\.$/m.exec(run.stdout)?.[1]?.replace(/,/g, ''));
      expect(published).toBeGreaterThan(ARTICLES * 0.9);
      expect(lines).toContainEqual(expect.stringMatching(/^compiling: [\d,]+\/[\d,]+ articles in \d+\.\d s$/));
      expect(lines).toContainEqual(expect.stringMatching(/^writing .*\.herald\/store \([\d,]+ files\)\.\.\.$/));
      expect(lines.at(-1)).toMatch(/^Built .*: \d+ articles/);
      // Nothing per article.
      expect(lines.length).toBeLessThan(10);
    },
    TIMEOUT,
  );

  it.skipIf(spawnSync('script', ['--version']).error !== undefined)(
    'redraws one line per stage in place on a terminal, and prints plain stages there under CI',
    async () => {
      const live = await buildInTerminal('tty');
      expect(live.code).toBe(0);
      expect(live.output).toMatch(/\r\x1b\[2Kcompiling: [\d,]+\/[\d,]+ articles in \d+\.\d s/);
      expect(live.output).not.toMatch(/^compiling \(/m);
      const ci = await buildInTerminal('tty-ci', { CI: 'true' });
      expect(ci.code).toBe(0);
      expect(ci.output).not.toContain('\x1b');
      expect(ci.output).toMatch(/^compiling \([\d,]+ articles\)\.\.\.\r?$/m);
    },
    TIMEOUT,
  );
});

describe('herald build for Workers reads what the Worker reads: wrangler.toml [vars]', () => {
  let content: string;
  beforeAll(async () => {
    content = await store('worker-site', 'On the edge');
  });

  /** The site URL in the assets' manifest, and the channel <link> of the RSS feed prerendered there. */
  const assetLink = async (cwd: string) => {
    const manifest = JSON.parse(await readFile(join(cwd, '.herald/assets/store/manifest.json'), 'utf8')) as {
      siteUrl: string | null;
    };
    const { pages } = JSON.parse(await readFile(join(cwd, '.herald/assets/store/prerendered.json'), 'utf8')) as {
      pages: Record<string, number>;
    };
    const page = new Uint8Array(await readFile(join(cwd, `.herald/assets${pagePath(pages['/rss.xml'] ?? -1)}`)));
    const rss = parseXml(new TextDecoder().decode(decodePage(page).body));
    const channel = childrenOf(childrenOf(rss, 'rss')[0], 'channel')[0] as XmlNode;
    return { manifest: manifest.siteUrl, link: textOf(childrenOf(channel, 'link')[0]) };
  };

  const project = async (name: string, vars: string) => {
    const cwd = join(root, name);
    await mkdir(cwd, { recursive: true });
    await writeFile(join(cwd, 'wrangler.toml'), `name = "herald"\n[vars]\n${vars}\n`);
    return cwd;
  };

  it(
    'builds the assets with [vars] SITE_URL, the URL the Worker checks them against',
    async () => {
      const cwd = await project('vars-site-url', 'SITE_URL = "https://edge.example.com/"');
      const run = await herald(['build', '--workers', '--content', content], { cwd, timeout: TIMEOUT });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(await assetLink(cwd)).toEqual({
        manifest: 'https://edge.example.com/',
        link: 'https://edge.example.com/',
      });
    },
    TIMEOUT,
  );

  it(
    'refuses, naming the fix, when SITE_URL in the environment contradicts [vars]',
    async () => {
      const cwd = await project('vars-conflict', 'SITE_URL = "https://edge.example.com/"');
      const run = await herald(['build', '--workers', '--content', content], {
        cwd,
        env: { SITE_URL: 'https://elsewhere.example.net/' },
        timeout: TIMEOUT,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /SITE_URL is https:\/\/elsewhere\.example\.net\/ here but https:\/\/edge\.example\.com\/ in wrangler\.toml \[vars\].*unset SITE_URL, or change \[vars\] SITE_URL/,
      );
    },
    TIMEOUT,
  );

  it(
    'refuses a [vars] setting the Worker would refuse, before anything is uploaded',
    async () => {
      const cwd = await project('vars-bad', 'SITE_URL = "ftp://edge.example.com/"');
      const run = await herald(['build', '--workers', '--content', content], { cwd, timeout: TIMEOUT });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^wrangler\.toml \[vars\]: \[config\] SITE_URL: must be an absolute http\(s\) URL/m);
    },
    TIMEOUT,
  );
});

/** One word for sh -c. */
function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

describe('a read-only install', () => {
  const asRoot = process.getuid?.() === 0 && spawnSync('runuser', ['--help']).error === undefined;

  it.skipIf(!asRoot)(
    'says what to do when the bundle is stale and .herald/node cannot be written',
    async () => {
      // A copy of the project, bundled by its owner (root), then a source touched: the bundle is stale for
      // a user (nobody) who cannot write it, as for a service user of a read-only install.
      const project = join(root, 'read-only');
      await mkdir(project, { recursive: true });
      for (const file of ['src', 'package.json', 'package-lock.json', 'tsconfig.json']) {
        await cp(join(REPO, file), join(project, file), { recursive: true });
      }
      await symlink(join(REPO, 'node_modules'), join(project, 'node_modules'));
      expect(spawnSync(process.execPath, [join(project, 'src/cli/herald.mjs'), '--help']).status).toBe(0);
      const later = new Date(Date.now() + 60_000);
      await utimes(join(project, 'src/cli/main.ts'), later, later);
      await chmod(root, 0o755);
      spawnSync('chmod', ['-R', 'a+rX', project]);
      const run = spawnSync(
        'runuser',
        ['-u', 'nobody', '--', process.execPath, join(project, 'src/cli/herald.mjs'), '--help'],
        {
          encoding: 'utf8',
        },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        `herald: cannot write ${join(project, '.herald/node')} (EACCES), where herald keeps its compiled command line; run any herald command once as a user who can write it (herald --help will do), or make it writable\n`,
      );
    },
    TIMEOUT,
  );
});
