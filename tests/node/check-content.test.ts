// `npm run check:content` (herald check) as publishers run it: the real CLI on stores written to a
// temporary folder.
// The summary counts only what is live at the instant given (--now), and every file under articles/
// that looks like an article but is not read is named, as a warning that does not fail the check.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, herald } from '../support/cli.ts';
import { articleFile, siteYaml } from '../support/fixtures.ts';

const NOW = '2024-06-01T12:00:00Z';
// A second or two a run on a busy machine.
const TIMEOUT = 60_000;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'herald-check-content-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A store folder under the temporary root holding `files` (path -> text or bytes). */
async function store(name: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** `herald check --content DIR ...args`. */
async function checkContent(dir: string, ...args: string[]): Promise<CliRun> {
  return herald(['check', '--content', dir, ...args], { timeout: TIMEOUT });
}

describe('check-content summary', () => {
  it(
    'counts published, scheduled (with the next and last go-live) and drafts separately',
    async () => {
      const dir = await store('summary', {
        'site.yaml': siteYaml({ timezone: 'Europe/Berlin' }),
        'articles/a.md': articleFile({ date: '2024-05-01T08:00:00Z', tags: ['council'] }),
        'articles/b.md': articleFile({ date: '2024-06-01T12:00:00Z' }),
        'articles/soon.md': articleFile({ date: '2024-06-03T07:00:00Z', tags: ['vote'] }),
        'articles/later.md': articleFile({ date: '2024-12-24' }),
        'articles/draft.md': articleFile({ draft: true }),
      });
      const { code, stdout, stderr } = await checkContent(dir, '--now', NOW);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toBe(
        `${dir}: OK: 2 articles published, 2 scheduled (the next goes live 2024-06-03T09:00:00+02:00, the last 2024-12-24T00:00:00+01:00), 1 draft left out; 1 tag, site "Herald Test News".\n`,
      );
    },
    TIMEOUT,
  );

  it(
    'refuses an --now that names no instant as a usage mistake (exit 2)',
    async () => {
      const { code, stderr } = await checkContent(root, '--now', 'monday');
      expect(code).toBe(2);
      expect(stderr).toBe(
        'herald check: --now: "monday" is not an instant; use ISO 8601 such as 2024-06-01T12:00:00Z (herald check --help)\n',
      );
    },
    TIMEOUT,
  );
});

describe('check-content warnings', () => {
  const frontmatter = articleFile({ title: 'Saved under the wrong name' });

  it(
    'names every file under articles/ that looks like an article and is not read, and passes',
    async () => {
      const dir = await store('ignored', {
        'site.yaml': siteYaml(),
        'articles/read.md': articleFile({}),
        'articles/2024/long.markdown': frontmatter,
        'articles/2024/upper.MD': frontmatter,
        'articles/short.mkd': frontmatter,
        'articles/other.mdown': frontmatter,
        'articles/notes.txt': frontmatter,
        'articles/no-extension': frontmatter,
        'articles/read.markdown': frontmatter,
        // Not articles: media a later change serves, text without frontmatter, an editor's backup.
        'articles/2024/cover.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        'articles/podcast/episode.mp3': new Uint8Array([0x49, 0x44, 0x33, 0x04]),
        'articles/podcast/episode.vtt': 'WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n',
        'articles/podcast/chapters.json': '{"version":"1.2.0","chapters":[]}\n',
        'articles/readme.txt': 'Just notes.\n',
        'articles/read.md~': frontmatter,
      });
      await store('elsewhere', { 'linked.md': frontmatter, 'folder/inside.md': frontmatter });
      await symlink(join(root, 'elsewhere/linked.md'), join(dir, 'articles/linked.md'));
      await symlink(join(root, 'elsewhere/folder'), join(dir, 'articles/folder'));
      const { code, stdout, stderr } = await checkContent(dir, '--now', NOW);
      expect(code).toBe(0);
      const only = 'only files ending in .md are articles';
      const starts = 'it starts like an article (---), but only files ending in .md are articles';
      expect(stderr.split('\n')).toEqual([
        `${dir}/articles/2024/long.markdown: warning: not read: ${only}; rename it to long.md`,
        `${dir}/articles/2024/upper.MD: warning: not read: ${only}; rename it to upper.md`,
        `${dir}/articles/folder: warning: not read: a symbolic link to a folder, which is not followed; move the folder here`,
        `${dir}/articles/linked.md: warning: not read: a symbolic link, which is not followed; put the file itself here`,
        `${dir}/articles/no-extension: warning: not read: ${starts}; rename it to no-extension.md`,
        `${dir}/articles/notes.txt: warning: not read: ${starts}; rename it to notes.md`,
        `${dir}/articles/other.mdown: warning: not read: ${only}; rename it to other.md`,
        `${dir}/articles/read.markdown: warning: not read: ${only}; and read.md exists beside it`,
        `${dir}/articles/short.mkd: warning: not read: ${only}; rename it to short.md`,
        '',
      ]);
      expect(stdout).toMatch(
        /: OK: 1 article published, 0 scheduled, 0 drafts left out; 0 tags, site "[^"]+"; 9 files not read \(warnings above\)\.\n$/,
      );
    },
    TIMEOUT,
  );

  it(
    'names them beside the problems when the check fails',
    async () => {
      const dir = await store('ignored-and-broken', {
        'site.yaml': siteYaml(),
        'articles/broken.md': articleFile({ tilte: 'x' }),
        'articles/wrong.markdown': frontmatter,
      });
      const { code, stdout, stderr } = await checkContent(dir);
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
      expect(stderr.split('\n')).toEqual([
        `${dir}/articles/broken.md: tilte: unknown field; did you mean \`title\`?`,
        `${dir}/articles/wrong.markdown: warning: not read: only files ending in .md are articles; rename it to wrong.md`,
        `${dir}: 1 problem found, and 1 file not read (warnings above).`,
        '',
      ]);
    },
    TIMEOUT,
  );
});
