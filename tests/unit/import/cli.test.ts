// The import CLI end to end: real processes (npx tsx src/cli/import.ts) writing into a temp folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// The binary `npx tsx` resolves to, minus npx's own second of start-up.
const tsx = join(root, 'node_modules/.bin/tsx');

function run(...args: string[]) {
  const result = spawnSync(tsx, ['src/cli/import.ts', ...args], { cwd: root, encoding: 'utf8' });
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
    expect(stdout).toContain('date: no GMT date and no time zone; treated the local time as UTC');
    expect(stdout).toContain('dates: 1 post(s) had no GMT date');
    expect(frontmatter(join(dir, 'content/articles/2020/東京の朝.md')).date).toBe('2020-01-10T08:00:00+09:00');
    expect(existsSync(join(dir, 'content/articles/2021/weekly-roundup-2.md'))).toBe(true);
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
