// `herald import` end to end: real processes writing into a temp folder.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = join(root, 'tests/fixtures/wordpress/export.xml');
const seedLike = [
  'Pyongyang Wants U.S. to Declare End of Korean War',
  '',
  'North Korea pressed its demand on Friday.',
  '',
  '# Not a heading, and <b>not</b> bold & [not] a link',
  '',
  'Be the first to comment',
  '',
  'Leave a Reply',
  '',
  'Your email address will not be published.',
].join('\n');
const articlePath = 'articles/2018/pyongyang-wants-u-s-to-declare-end-of-korean-war.md';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-import-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const HERALD = join(root, 'src/cli/herald.mjs');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [HERALD, 'import', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function runText(...extra: string[]) {
  const input = join(dir, 'article.txt');
  writeFileSync(input, seedLike);
  return run('text', input, '--content', join(dir, 'content'), ...extra);
}

function frontmatter(path: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(readFileSync(path, 'utf8'));
  return parse(match?.[1] ?? '');
}

describe('import text', () => {
  it('writes the article and prints its path', { timeout: 30_000 }, () => {
    const { code, stdout } = runText('--date', '2018-08-24', '--tags', 'north-korea,diplomacy', '--author', 'Desk');
    const target = join(dir, 'content', articlePath);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(target);
    expect(frontmatter(target)).toEqual({
      title: 'Pyongyang Wants U.S. to Declare End of Korean War',
      date: '2018-08-24',
      author: 'Desk',
      tags: ['north-korea', 'diplomacy'],
    });
  });

  it('drops the comment form and escapes Markdown in the body', { timeout: 30_000 }, () => {
    runText('--date', '2018-08-24');
    const text = readFileSync(join(dir, 'content', articlePath), 'utf8');
    expect(text).not.toMatch(/Leave a Reply|first to comment|email address/);
    expect(text).toContain('\\# Not a heading, and \\<b\\>not\\</b\\> bold \\& \\[not\\] a link');
  });

  it('refuses to overwrite an existing file and names it', { timeout: 30_000 }, () => {
    runText('--date', '2018-08-24');
    const { code, stderr } = runText('--date', '2018-08-25');
    expect(code).toBe(1);
    expect(stderr).toContain(join(dir, 'content', articlePath));
    expect(frontmatter(join(dir, 'content', articlePath)).date).toBe('2018-08-24');
  });

  it('overwrites with --force', { timeout: 30_000 }, () => {
    runText('--date', '2018-08-24');
    expect(runText('--date', '2018-08-24T09:30:00+02:00', '--force').code).toBe(0);
    expect(frontmatter(join(dir, 'content', articlePath)).date).toBe('2018-08-24T09:30:00+02:00');
  });

  it('rejects a date that is not YYYY-MM-DD and writes nothing', { timeout: 30_000 }, () => {
    const { code, stderr } = runText('--date', '24/08/2018');
    expect(code).toBe(2);
    expect(stderr).toContain('--date "24/08/2018": expected YYYY-MM-DD');
    expect(existsSync(join(dir, 'content'))).toBe(false);
  });

  it('requires --date', { timeout: 30_000 }, () => {
    expect(runText().stderr).toContain('--date is required');
  });
});

describe('import wordpress', () => {
  it('writes every published and scheduled post and prints a summary', { timeout: 30_000 }, () => {
    const { code, stdout } = run('wordpress', fixture, '--content', join(dir, 'content'));
    expect(code).toBe(0);
    expect(stdout).toContain(
      'imported 6; skipped 5 (draft: 1, password: 1, pending: 1, private: 1, trash: 1); ' +
        'not posts 3 (attachment: 1, nav_menu_item: 1, page: 1)',
    );
    expect(stdout).toContain('dates: 1 post(s) had no GMT date');
    // Nothing per post without --verbose.
    expect(stdout).not.toContain('wrote ');
    expect(frontmatter(join(dir, 'content/articles/2020/東京の朝.md')).date).toBe('2020-01-10T08:00:00+09:00');
    expect(existsSync(join(dir, 'content/articles/2021/weekly-roundup-2.md'))).toBe(true);
  });

  it('names each post it writes, and what it assumed, with --verbose', { timeout: 30_000 }, () => {
    const { code, stdout } = run('wordpress', fixture, '--content', join(dir, 'content'), '--verbose');
    expect(code).toBe(0);
    expect(stdout.match(/^wrote {3}/gm)).toHaveLength(6);
    expect(stdout).toContain(`wrote   ${join(dir, 'content/articles/2021/weekly-roundup-2.md')}`);
    expect(stdout).toContain('date: no GMT date and no time zone; treated the local time as UTC');
  });

  it('skips files that exist, counting them, unless --force', { timeout: 30_000 }, () => {
    const content = join(dir, 'content');
    run('wordpress', fixture, '--content', content);
    expect(run('wordpress', fixture, '--content', content).stdout).toContain(
      'imported 0; skipped 11 (draft: 1, exists: 6,',
    );
    expect(run('wordpress', fixture, '--content', content, '--force').stdout).toContain('imported 6;');
  });

  it('explains usage for an unknown importer', { timeout: 30_000 }, () => {
    const { code, stderr } = run('blogger', fixture);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown importer "blogger"');
  });
});

describe('import wordpress: nothing is written outside content/articles', () => {
  /** A one-post export: the title, post_name and post_id given, dated 2024. */
  function exportWith(post: { id: string; title: string; name: string }): string {
    const file = join(dir, 'export.xml');
    writeFileSync(
      file,
      `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Test</title>
<item>
<title><![CDATA[${post.title}]]></title>
<guid isPermaLink="false">https://blog.example.com/?p=9</guid>
<content:encoded><![CDATA[Planted.]]></content:encoded>
<wp:post_id>${post.id}</wp:post_id>
<wp:post_date><![CDATA[2024-05-01 10:00:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2024-05-01 08:00:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[${post.name}]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>
</item>
</channel></rss>`,
    );
    return file;
  }
  /** Every file under `root`, relative to it. */
  const filesUnder = (root: string): string[] =>
    existsSync(root) ? readdirSync(root, { recursive: true, encoding: 'utf8' }).sort() : [];

  it('refuses a post whose id climbs out of the store, naming it, and writes nothing', { timeout: 30_000 }, () => {
    // From content/articles/2024/post-<id>.md, four ".." reach the temp folder itself.
    const file = exportWith({ id: '/../../../../outside/x', title: '???', name: '' });
    for (const force of [[], ['--force']]) {
      const { code, stdout, stderr } = run('wordpress', file, '--content', join(dir, 'content'), ...force);
      expect(code).toBe(1);
      expect(stderr).toContain(
        `${file}: post "???" (wp:post_id "/../../../../outside/x"): wp:post_id: must be a number (digits only); the post is not imported`,
      );
      expect(stdout).toContain('imported 0; skipped 1 (invalid-id: 1)');
      expect(existsSync(join(dir, 'outside'))).toBe(false);
      expect(filesUnder(join(dir, 'content'))).toEqual([]);
    }
  });

  it('refuses to follow a year folder that is a symlink out of the store', { timeout: 30_000 }, () => {
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(join(dir, 'content/articles'), { recursive: true });
    symlinkSync(elsewhere, join(dir, 'content/articles/2024'));
    const file = exportWith({ id: '9', title: 'Planted', name: 'planted' });
    const { code, stdout, stderr } = run('wordpress', file, '--content', join(dir, 'content'), '--force');
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${file}: post "Planted" (wp:post_id "9"): not written: ${join(dir, 'content/articles/2024')} leads to ${elsewhere}, outside ${join(dir, 'content/articles')}`,
    );
    expect(stdout).toContain('imported 0; skipped 1 (outside-articles: 1)');
    expect(filesUnder(elsewhere)).toEqual([]);
  });

  it('refuses to write through an article file that is a symlink out of the store', { timeout: 30_000 }, () => {
    const victim = join(dir, 'victim.md');
    writeFileSync(victim, 'precious');
    mkdirSync(join(dir, 'content/articles/2024'), { recursive: true });
    symlinkSync(victim, join(dir, 'content/articles/2024/planted.md'));
    const file = exportWith({ id: '9', title: 'Planted', name: 'planted' });
    const { code, stderr } = run('wordpress', file, '--content', join(dir, 'content'), '--force');
    expect(code).toBe(1);
    expect(stderr).toContain(`leads to ${victim}, outside ${join(dir, 'content/articles')}`);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('follows a symlink that stays inside the store', { timeout: 30_000 }, () => {
    mkdirSync(join(dir, 'content/articles/archive/2024'), { recursive: true });
    symlinkSync(join(dir, 'content/articles/archive/2024'), join(dir, 'content/articles/2024'));
    const file = exportWith({ id: '9', title: 'Planted', name: 'planted' });
    const { code, stdout } = run('wordpress', file, '--content', join(dir, 'content'));
    expect(code).toBe(0);
    expect(stdout).toContain('imported 1;');
    expect(readFileSync(join(dir, 'content/articles/archive/2024/planted.md'), 'utf8')).toContain('Planted.');
  });
});
