// Moving a WordPress site with `herald import wordpress`, end to end in real processes: aliases, site.yaml
// (written, merged, checked by `herald check`), podcast episodes and --show, --uploads, the migration
// report, and importing again.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { MigrationReport } from '../../../src/import/wordpress-migration.ts';
import { herald, REPO } from '../../support/cli.ts';

const FIXTURES = join(REPO, 'tests/fixtures/wordpress');
const BLOG = join(FIXTURES, 'export.xml');
const PODCAST = join(FIXTURES, 'podcast-export.xml');
const UPLOADS = join(FIXTURES, 'uploads');
const SLOW = { timeout: 60_000 };

let dir: string;
let content: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-migration-'));
  content = join(dir, 'content');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const importWp = (file: string, ...args: string[]) =>
  herald(['import', 'wordpress', file, '--content', content, ...args]);
const check = () => herald(['check', '--content', content]);
const read = (path: string) => readFileSync(join(content, path), 'utf8');
function frontmatter(path: string): Record<string, unknown> {
  return parse(/^---\n([\s\S]*?)\n---\n/.exec(read(path))?.[1] ?? '');
}
/** Every file under `root`, relative to it, sorted. */
const filesUnder = (root: string): string[] =>
  existsSync(root) ? readdirSync(root, { recursive: true, encoding: 'utf8' }).sort() : [];

/** A show complete enough for `herald check`, as a publisher would have written it. */
const SITE_WITH_SHOW = `# The Briefing Room, set up by hand before the move.
title: "The Briefing Room"   # the masthead
description: 'A weekly conversation about the news'
url: https://podcast.example.org/
language: en-GB
author:
  name: Ada Host
shows:
  briefing:
    title: The Briefing Room
    description: A weekly conversation about the news
    author: Ada Host
    owner: { name: Ada Host, email: ada@podcast.example.org }
    image: https://podcast.example.org/cover.png
    categories: [News > Daily News]
    explicit: false
redirects:
  /feed/podcast/: https://feeds.example.net/briefing   # the old host already points elsewhere
`;

describe('herald import wordpress: a blog', () => {
  it('writes site.yaml from the export, which herald check accepts, and each post with its aliases', SLOW, async () => {
    const run = await importWp(BLOG);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`site.yaml: created ${join(content, 'site.yaml')}`);
    expect(parse(read('site.yaml'))).toMatchObject({
      title: 'Example Dispatch',
      url: 'https://blog.example.com/',
      language: 'en-US',
      author: { name: 'Jane Doe', email: 'jdoe@example.com' },
      authors: { 'Jane Doe': {}, 'Pierre Dupont': {}, '山田 健二': {} },
    });
    expect(frontmatter('articles/2018/talks-resume-in-geneva.md').aliases).toEqual([
      '/2018/08/24/talks-resume-in-geneva/',
      '/?p=101',
    ]);
    const checked = await check();
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('OK: 5 articles published, 1 scheduled');
  });

  it('reports aliases, every feed redirect and the feeds Herald answers itself, and as JSON', SLOW, async () => {
    const reportFile = join(dir, 'report.json');
    const run = await importWp(BLOG, '--report', reportFile);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('aliases: 9 old post address(es) answer 301 to their articles');
    expect(run.stdout).toContain('feeds: 38 old feed address(es) redirect to their Herald feed');
    expect(run.stdout).toContain('\n  /category/world/feed/ -> /tags/world/rss.xml\n');
    expect(run.stdout).toContain('\n  /?cat=3&feed=rss2 -> /tags/food-%26-drink/rss.xml\n');
    expect(run.stdout).toContain(
      '\n  /author/kenji/feed/atom/ -> /authors/%E5%B1%B1%E7%94%B0-%E5%81%A5%E4%BA%8C/atom.xml\n',
    );
    expect(run.stdout).toContain(
      'Herald answers these WordPress addresses itself: /feed/ -> /rss.xml, /feed/rss2/ -> /rss.xml, /feed/atom/ -> /atom.xml, /rss/ -> /rss.xml, /?feed=rss2 -> /rss.xml, /?feed=atom -> /atom.xml, /comments/feed/ -> 410 Gone',
    );
    // Nothing per article without --verbose.
    expect(run.stdout).not.toMatch(/^wrote /m);

    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MigrationReport;
    expect(report.posts).toMatchObject({ imported: 6, skipped: { draft: 1, password: 1 }, datesAssumed: 1 });
    expect(report.aliases.written).toBe(9);
    expect(Object.keys(report.redirects.written)).toHaveLength(38);
    expect(report.redirects.written['/tag/north-korea/feed/atom/']).toBe('/tags/north-korea/atom.xml');
    expect(report.redirects.builtIn['/comments/feed/']).toBe('gone');
    for (const builtIn of Object.keys(report.redirects.builtIn))
      expect(report.redirects.written).not.toHaveProperty(builtIn);
    expect(report.articles.find((a) => a.postId === '104')).toMatchObject({
      path: 'articles/2031/election-preview-what-to-watch.md',
      outcome: 'written',
      aliases: ['/?p=104'],
    });
    expect(report.siteYaml).toMatchObject({ action: 'created', fillIn: [] });
    // The redirects in the file are the ones reported.
    expect(parse(read('site.yaml')).redirects).toEqual(report.redirects.written);
  });

  it(
    'merges into the site.yaml there is: every byte kept, authors and redirects added, none changed',
    SLOW,
    async () => {
      const existing = `# Herald News, by hand.
title: "Herald News"     # the masthead
description: 'World news'
url: https://blog.example.com/
language: en
author:
  name: Desk
authors:
  Jane Doe:
    email: jane@news.example.org   # her newsroom address

redirects:
  /category/world/feed/: /rss.xml   # my choice
  /?p=102: /
`;
      mkdirSync(content, { recursive: true });
      writeFileSync(join(content, 'site.yaml'), existing);
      const run = await importWp(BLOG);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('site.yaml: added to');
      expect(run.stdout).toContain(
        'feeds: /category/world/feed/ stays -> /rss.xml as site.yaml has it (the export suggests /tags/world/rss.xml)',
      );
      const merged = read('site.yaml');
      // Up to the last line of the file, nothing moved, and the rest was only added.
      expect(merged.startsWith(existing.slice(0, existing.indexOf('\n\nredirects:')))).toBe(true);
      expect(merged).toContain(
        'redirects:\n  /category/world/feed/: /rss.xml   # my choice\n  /?p=102: /\n  "/category/world/feed/atom/"',
      );
      const site = parse(merged);
      expect(site.title).toBe('Herald News');
      expect(site.authors['Jane Doe']).toEqual({ email: 'jane@news.example.org' });
      expect(site.authors['Pierre Dupont']).toEqual({ email: 'pierre@example.com' });
      expect(site.redirects['/category/world/feed/']).toBe('/rss.xml');
      expect(site.redirects['/tag/diplomacy/feed/']).toBe('/tags/diplomacy/rss.xml');
      const checked = await check();
      expect(checked.code).toBe(0);
    },
  );

  it('adds and duplicates nothing when run again, and --force rewrites the same files', SLOW, async () => {
    await importWp(BLOG);
    const site = read('site.yaml');
    const article = read('articles/2018/talks-resume-in-geneva.md');
    const again = await importWp(BLOG);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('imported 0; skipped 11 (draft: 1, exists: 6,');
    expect(again.stdout).toContain('already has everything the export adds');
    expect(again.stdout).toContain('(site.yaml redirects; 0 added now)');
    expect(read('site.yaml')).toBe(site);
    const forced = await importWp(BLOG, '--force');
    expect(forced.stdout).toContain('imported 6;');
    expect(read('site.yaml')).toBe(site);
    expect(read('articles/2018/talks-resume-in-geneva.md')).toBe(article);
  });

  it('refuses to write through a site.yaml that is a symbolic link, and says so', SLOW, async () => {
    const victim = join(dir, 'victim.yaml');
    writeFileSync(victim, 'precious: true\n');
    mkdirSync(content, { recursive: true });
    symlinkSync(victim, join(content, 'site.yaml'));
    const run = await importWp(BLOG);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(content, 'site.yaml')} is a symbolic link; it was not changed`);
    expect(readFileSync(victim, 'utf8')).toBe('precious: true\n');
  });

  it('refuses options it cannot use, before writing anything', SLOW, async () => {
    expect((await importWp(BLOG, '--show', 'The Show')).stderr).toContain('--show "The Show": a show id is lower-case');
    expect((await importWp(BLOG, '--uploads', join(dir, 'nowhere'))).code).toBe(2);
    const text = join(dir, 'a.txt');
    writeFileSync(text, 'Title\n\nBody.');
    const run = await herald(['import', 'text', text, '--date', '2024-01-01', '--show', 'x', '--content', content]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('text: --show applies to wordpress only');
    expect(existsSync(content)).toBe(false);
  });

  it('names a file it cannot read, or that is no export, and a report it cannot write', SLOW, async () => {
    const missing = join(dir, 'missing.xml');
    expect(await importWp(missing)).toMatchObject({ code: 1, stderr: `${missing}: cannot be read: ENOENT\n` });
    const page = join(dir, 'page.xml');
    writeFileSync(page, '<html><body>hi</body></html>');
    expect((await importWp(page)).stderr).toBe(`${page}: not a WordPress export: no <rss><channel> element\n`);
    const nowhere = join(dir, 'no-folder', 'report.json');
    const run = await importWp(BLOG, '--report', nowhere);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`--report ${nowhere}: cannot be written: ENOENT\n`);
    // The import itself was done, and said so.
    expect(run.stdout).toContain('imported 6;');
  });
});

describe('herald import wordpress: a podcast (PowerPress)', () => {
  it('makes episodes of --show, with their details and files, which herald check accepts', SLOW, async () => {
    mkdirSync(content, { recursive: true });
    writeFileSync(join(content, 'site.yaml'), SITE_WITH_SHOW);
    const run = await importWp(PODCAST, '--show', 'briefing', '--uploads', UPLOADS);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('episodes: 3 post(s) are episodes of show "briefing"');
    expect(frontmatter('articles/2023/episode-12-the-long-game.md')).toMatchObject({
      image: './episode-12-the-long-game/studio.jpg',
      // A local file: the loader reads its type and size.
      enclosure: { url: './episode-12-the-long-game/episode-12.mp3' },
      show: 'briefing',
      duration: '00:42:10',
      season: 2,
      episode: 12,
      episodeType: 'full',
      explicit: true,
    });
    expect(frontmatter('articles/2023/season-2-trailer.md')).toMatchObject({
      enclosure: { url: 'https://media.example.net/briefing/trailer-s2.mp3', type: 'audio/mpeg', length: 1048576 },
      show: 'briefing',
      episodeType: 'trailer',
    });
    expect(readFileSync(join(content, 'articles/2023/episode-12-the-long-game/episode-12.mp3'))).toEqual(
      readFileSync(join(UPLOADS, '2023/04/episode-12.mp3')),
    );
    const site = parse(read('site.yaml'));
    // The show was there: kept as written, and so was the redirect the publisher had for the podcast feed.
    expect(site.shows.briefing.categories).toEqual(['News > Daily News']);
    expect(site.redirects['/feed/podcast/']).toBe('https://feeds.example.net/briefing');
    expect(site.redirects['/?feed=podcast']).toBe('/podcasts/briefing/rss.xml');
    const checked = await check();
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('OK: 4 articles published');
  });

  it(
    'writes a show skeleton when site.yaml has none, and names what to fill in as herald check does',
    SLOW,
    async () => {
      const run = await importWp(PODCAST, '--show', 'briefing');
      expect(run.code).toBe(0);
      const fillIn = [
        'shows.briefing.image: is required',
        'shows.briefing.categories: is required',
        'shows.briefing.explicit: is required',
      ];
      expect(run.stdout).toContain(
        `site.yaml: still to fill in or fix (herald check says the same):\n${fillIn.map((p) => `  ${p}\n`).join('')}`,
      );
      expect(parse(read('site.yaml')).shows.briefing).toEqual({
        title: 'The Briefing Room',
        description: 'A weekly conversation about the news',
        author: 'Ada Host',
        owner: { name: 'Ada Host', email: 'ada@podcast.example.org' },
      });
      const checked = await check();
      expect(checked.code).toBe(1);
      for (const problem of fillIn) expect(checked.stderr).toContain(`site.yaml: ${problem}`);
      expect(checked.stderr).toContain('3 problems found');
    },
  );

  it('without --show keeps the enclosures, reports the episode details left out, and checks', SLOW, async () => {
    const run = await importWp(PODCAST);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'episodes: 3 post(s) have podcast episode details (duration, season, number...) that were left out: re-run with --show ID --force',
    );
    expect(frontmatter('articles/2023/episode-12-the-long-game.md')).not.toHaveProperty('duration');
    expect((await check()).code).toBe(0);
  });
});

describe('herald import wordpress --uploads', () => {
  it(
    'copies the files posts use beside them and rewrites their links; what is missing keeps its URL and is listed',
    SLOW,
    async () => {
      const reportFile = join(dir, 'report.json');
      const run = await importWp(PODCAST, '--uploads', UPLOADS, '--report', reportFile);
      expect(run.code).toBe(0);
      expect(filesUnder(join(content, 'articles'))).toEqual([
        '2023',
        '2023/episode-12-the-long-game',
        '2023/episode-12-the-long-game.md',
        '2023/episode-12-the-long-game/episode-12.mp3',
        '2023/episode-12-the-long-game/studio-300x200.jpg',
        '2023/episode-12-the-long-game/studio.jpg',
        '2023/episode-13-video.md',
        '2023/reading-list',
        '2023/reading-list.md',
        '2023/reading-list/mic-2.jpg',
        '2023/reading-list/mic.jpg',
        '2023/reading-list/notes.pdf',
        '2023/season-2-trailer.md',
      ]);
      const episode = read('articles/2023/episode-12-the-long-game.md');
      // The exact size variant where it exists; the original for one that does not.
      expect(episode).toContain(
        '<img src="./episode-12-the-long-game/studio-300x200.jpg" alt="The studio" srcset="./episode-12-the-long-game/studio-300x200.jpg 300w, ./episode-12-the-long-game/studio.jpg 1024w" />',
      );
      const reading = read('articles/2023/reading-list.md');
      // http:// and https:// links to one file, and two files of one name from different months.
      expect(reading).toContain('<a href="./reading-list/notes.pdf">notes (PDF)</a>');
      expect(reading).toContain('<img src="./reading-list/mic.jpg" alt=""><img src="./reading-list/mic-2.jpg" alt="">');
      expect(readFileSync(join(content, 'articles/2023/reading-list/mic-2.jpg'), 'utf8')).toBe(
        'fake jpeg: mic, 2023 (the desk)\n',
      );
      expect(frontmatter('articles/2023/reading-list.md').enclosure).toEqual({ url: './reading-list/notes.pdf' });
      expect(reading).toContain(
        '<img src="https://podcast.example.org/wp-content/uploads/2023/04/missing.jpg" alt="Lost" />',
      );
      expect(reading).toContain('<a href="/wp-content/uploads/2023/04/archive.zip">archive</a>');

      expect(run.stdout).toContain(
        'media: 6 file(s) copied beside their articles (8 link(s) rewritten); 1 missing, 4 not copied (those keep their original URL):\n' +
          '  post "Reading list" (wp:post_id 304), articles/2023/reading-list.md:\n' +
          '    missing: https://podcast.example.org/wp-content/uploads/2023/04/missing.jpg: not in the uploads folder (2023/04/missing.jpg)\n' +
          '    not copied: /wp-content/uploads/2023/04/archive.zip: 2023/04/archive.zip: not a kind of file Herald serves\n',
      );
      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MigrationReport;
      expect(report.media).toMatchObject({ files: 6, copied: 8, missing: 1, notCopied: 4 });
      expect(report.articles.find((a) => a.postId === '301')?.media.copied).toContainEqual({
        url: 'https://podcast.example.org/wp-content/uploads/2023/04/studio-1024x683.jpg',
        file: './episode-12-the-long-game/studio.jpg',
        note: '2023/04/studio-1024x683.jpg is not in the uploads folder; used 2023/04/studio.jpg',
      });
      expect((await check()).code).toBe(0);
    },
  );

  it(
    'refuses paths that lead out of the uploads folder and symbolic links in it, reading nothing outside',
    SLOW,
    async () => {
      const uploads = join(dir, 'uploads');
      cpSync(UPLOADS, uploads, { recursive: true });
      const secret = join(dir, 'secret.txt');
      writeFileSync(secret, 'SECRET');
      // A file the export names that is a link out of the folder, and a month folder that is one.
      symlinkSync(secret, join(uploads, '2023/04/missing.jpg'));
      mkdirSync(join(dir, 'elsewhere/11'), { recursive: true });
      writeFileSync(join(dir, 'elsewhere/11/mic.jpg'), 'SECRET');
      rmSync(join(uploads, '2022'), { recursive: true });
      symlinkSync(join(dir, 'elsewhere'), join(uploads, '2022'));

      const reportFile = join(dir, 'report.json');
      const run = await importWp(PODCAST, '--uploads', uploads, '--report', reportFile);
      expect(run.code).toBe(0);
      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MigrationReport;
      const reading = report.articles.find((a) => a.postId === '304')?.media;
      expect(reading?.notCopied).toEqual(
        expect.arrayContaining([
          {
            url: 'https://podcast.example.org/wp-content/uploads/2023/04/missing.jpg',
            reason: `refused: ${join(uploads, '2023/04/missing.jpg')} is a symbolic link (never followed)`,
          },
          {
            url: 'https://podcast.example.org/wp-content/uploads/2022/11/mic.jpg',
            reason: `refused: ${join(uploads, '2022')} is a symbolic link (never followed)`,
          },
          {
            url: 'https://podcast.example.org/wp-content/uploads/2023%2F..%2F..%2F..%2Fsecret.txt',
            reason: 'refused: its path leads out of the uploads folder or names no file in it',
          },
          {
            url: 'https://podcast.example.org/wp-content/uploads/..%5C..%5Csecret.txt',
            reason: 'refused: its path leads out of the uploads folder or names no file in it',
          },
          {
            url: 'https://podcast.example.org/wp-content/uploads//etc/passwd',
            reason: 'refused: its path leads out of the uploads folder or names no file in it',
          },
        ]),
      );
      // Nothing of what lies outside the uploads folder reached the content folder, and nothing was
      // written outside the content folder.
      for (const file of filesUnder(content)) {
        const path = join(content, file);
        if (statSync(path).isFile()) expect(readFileSync(path, 'utf8')).not.toContain('SECRET');
      }
      expect(readdirSync(dir).sort()).toEqual(['content', 'elsewhere', 'report.json', 'secret.txt', 'uploads']);
      expect(read('articles/2023/reading-list.md')).toContain(
        '<img src="https://podcast.example.org/wp-content/uploads/2022/11/mic.jpg" alt="">',
      );
    },
  );

  it('keeps a file already beside an article when it differs, unless --force', SLOW, async () => {
    await importWp(PODCAST, '--uploads', UPLOADS);
    const copy = join(content, 'articles/2023/reading-list/notes.pdf');
    rmSync(join(content, 'articles/2023/reading-list.md'));
    writeFileSync(copy, 'edited by hand');
    const again = await importWp(PODCAST, '--uploads', UPLOADS);
    expect(again.stdout).toContain(
      'not copied: http://podcast.example.org/wp-content/uploads/2023/04/notes.pdf: articles/2023/reading-list/notes.pdf exists and differs; kept (--force replaces it)',
    );
    expect(readFileSync(copy, 'utf8')).toBe('edited by hand');
    expect(read('articles/2023/reading-list.md')).toContain(
      'href="http://podcast.example.org/wp-content/uploads/2023/04/notes.pdf"',
    );
    await importWp(PODCAST, '--uploads', UPLOADS, '--force');
    expect(readFileSync(copy)).toEqual(readFileSync(join(UPLOADS, '2023/04/notes.pdf')));
    expect(read('articles/2023/reading-list.md')).toContain('<a href="./reading-list/notes.pdf">');
  });
});
