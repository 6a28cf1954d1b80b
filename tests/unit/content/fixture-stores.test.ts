// The fixture stores on disk: the hostile store loads cleanly, every broken store is refused by the
// real `herald check` with a message naming the file and the field.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readContent } from '../../../src/build/sources.ts';
import { loadStore } from '../../../src/content/load.ts';
import { fixedClock } from '../../../src/core/clock.ts';
import { createStore } from '../../../src/store/store.ts';
import { type CliRun, herald } from '../../support/cli.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HOSTILE = 'tests/fixtures/stores/hostile';
const BROKEN = 'tests/fixtures/stores/broken';
const NOW = fixedClock('2024-06-01T12:00:00Z')().getTime();

async function hostileStore() {
  const { sources, media } = await readContent(`${ROOT}${HOSTILE}`);
  const { store, problems } = await loadStore(sources, { media });
  if (!store) throw new Error(problems.join('\n'));
  return { store: createStore(store), problems };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `herald check --content DIR ...args`. */
function checkContent(dir: string, ...args: string[]): Promise<CliRun> {
  return herald(['check', '--content', dir, ...args]);
}

describe('the hostile store', () => {
  it('loads with no problems', async () => {
    expect((await hostileStore()).problems).toEqual([]);
  });

  it('holds every article but the draft', async () => {
    const { store } = await hostileStore();
    expect(store.articles).toHaveLength(13);
    expect(store.bySlug('2024/draft')).toBeUndefined();
  });

  it('hides the scheduled article until its date', async () => {
    const { store } = await hostileStore();
    const selection = store.select({ kind: 'all' }, NOW);
    expect(selection.total).toBe(12);
    expect(selection.nextChange).toBe(Date.parse('2024-12-24T17:00:00Z'));
  });

  it('orders the two articles published at the same instant by slug', async () => {
    const { store } = await hostileStore();
    const slugs = store.articles.map((a) => a.slug);
    expect(slugs.indexOf('2024/tie-beta') - slugs.indexOf('2024/tie-alpha')).toBe(1);
  });

  it('reads a bare day as midnight in Europe/Berlin', async () => {
    const { store } = await hostileStore();
    expect(store.bySlug('world/cjk')?.published).toBe(Date.parse('2024-03-27T23:00:00Z'));
  });

  it('strips control characters and keeps emoji, RTL and CJK text', async () => {
    const { store } = await hostileStore();
    expect(store.bySlug('2024/control-characters')?.title).toBe('Bell and backspace and form feed in a title');
    expect(store.bySlug('2024/emoji')?.title).toBe('Emoji 😀🎉👩‍👩‍👧‍👦 and flags 🇩🇪🇯🇵 in a title');
    expect(store.bySlug('world/rtl-arabic')?.title).toBe('عنوان عربي مع \u202Eتجاوز\u202C والنص');
  });

  it('keeps nothing executable in any body', async () => {
    const { store } = await hostileStore();
    for (const a of store.articles) {
      // Markdown that failed to become a link leaves "javascript:" as inert text; no attribute may hold it.
      expect(a.html).not.toMatch(/<script|\son[a-z]+\s*=|="\s*javascript:/i);
    }
  });

  it('resolves several authors through the authors map', async () => {
    const { store } = await hostileStore();
    expect(store.bySlug('podcast/episode-1')?.authors.map((p) => [p.name, p.email])).toEqual([
      ["Ann O'Hara", 'ann@news.example.org'],
      ['Li Wei (北京)', 'li.wei@news.example.org'],
      ['فاطمة', undefined],
      ['Desk (Main) & <Co>', 'desk+feeds@news.example.org'],
    ]);
  });

  it('passes the check-content CLI with a one-line summary', async () => {
    const { code, stdout, stderr } = await checkContent(HOSTILE, '--now', new Date(NOW).toISOString());
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    // The scheduled article is not counted as published; its instant is in the site's zone, Europe/Berlin.
    expect(stdout).toMatch(
      /^tests\/fixtures\/stores\/hostile: OK: 12 articles published, 1 scheduled \(goes live 2024-12-24T18:00:00\+01:00\), 1 draft left out; .+\n$/,
    );
    expect(stdout.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

// Each broken store, and what its message must name: "DIR/<file>: <field>: ...", and hold.
const BROKEN_CASES: Record<string, [file: string, field: string, detail?: RegExp]> = {
  'bad-date': ['articles/bad-date.md', 'date'],
  'bad-enclosure': ['articles/bad-enclosure.md', 'enclosure.length'],
  'bad-language': ['site.yaml', 'language'],
  'bad-site-url': ['site.yaml', 'url'],
  'bad-timezone': ['site.yaml', 'timezone'],
  'duplicate-id': ['articles/second.md', 'id'],
  'duplicate-slug-case': ['articles/news.md', 'slug'],
  'javascript-image': ['articles/javascript-image.md', 'image'],
  'missing-frontmatter': ['articles/missing-frontmatter.md', 'frontmatter'],
  'missing-site': ['site.yaml', 'missing'],
  'missing-title': ['articles/missing-title.md', 'title'],
  'no-offset': ['articles/no-offset.md', 'date'],
  'relative-id': ['articles/relative-id.md', 'id'],
  'tags-string': ['articles/tags-string.md', 'tags'],
  'unclosed-quote': ['articles/unclosed-quote.md', 'title: line 2', /the quote opened here is never closed/],
  'unknown-field': ['articles/unknown-field.md', 'colour'],
  'updated-before-date': ['articles/updated-before-date.md', 'updated'],
  'yaml-colon': [
    'articles/yaml-colon.md',
    'title: line 2',
    /put the value in quotes: title: "Breaking: the council votes"$/,
  ],
  'yaml-syntax': ['articles/yaml-syntax.md', 'summary: line 4'],
};
// Stores with more than one problem, each with a test of its own below.
const SEVERAL = ['several-problems', 'unknown-fields'];

describe.concurrent('the broken stores', () => {
  it('each have a case here', () => {
    const dirs = readdirSync(`${ROOT}${BROKEN}`).filter((d) => !SEVERAL.includes(d));
    expect(dirs.sort()).toEqual(Object.keys(BROKEN_CASES).sort());
  });

  it.each(Object.entries(BROKEN_CASES))(
    '%s is refused by check-content, naming the file and field',
    async (name, [file, field, detail]) => {
      const dir = `${BROKEN}/${name}`;
      const { code, stdout, stderr } = await checkContent(dir);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      // The field is followed by ": reason" (or, for a missing site.yaml, " (what it holds)").
      const first = new RegExp(`^${escapeRegExp(`${dir}/${file}: ${field}`)}[: ]${detail ? `.*${detail.source}` : ''}`);
      expect(stderr.split('\n')).toEqual([expect.stringMatching(first), `${dir}: 1 problem found.`, '']);
    },
    60_000,
  );

  it('several-problems is refused with every problem of every file listed', async () => {
    const dir = `${BROKEN}/several-problems`;
    const { code, stderr } = await checkContent(dir);
    expect(code).toBe(1);
    expect(stderr.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${dir}/articles/a-missing-title\\.md: title: is required$`)),
      expect.stringMatching(new RegExp(`^${dir}/articles/b-tags-string\\.md: tags: must be a list`)),
      expect.stringMatching(new RegExp(`^${dir}/articles/c-no-offset\\.md: date: .*no UTC offset`)),
      `${dir}: 3 problems found.`,
      '',
    ]);
  }, 60_000);

  it('unknown-fields is refused with every unknown field at once, each with the name it most likely means', async () => {
    const dir = `${BROKEN}/unknown-fields`;
    const { code, stderr } = await checkContent(dir);
    expect(code).toBe(1);
    const file = `${dir}/articles/unknown-fields.md`;
    expect(stderr.split('\n')).toEqual([
      `${file}: autor: unknown field; did you mean \`author\`?`,
      `${file}: tgas: unknown field; did you mean \`tags\`?`,
      `${file}: tilte: unknown field; did you mean \`title\`?`,
      `${file}: title: is required`,
      `${dir}: 4 problems found.`,
      '',
    ]);
  }, 60_000);
});
