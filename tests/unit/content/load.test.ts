// loadStore: every file parsed and checked, every problem collected, the valid articles still loaded.
import { describe, expect, it } from 'vitest';
import { loadStore } from '../../../src/content/load.ts';
import { articleFile, compile, siteYaml, sources } from '../../support/fixtures.ts';

const slugsOf = (store: { articles: { slug: string }[] } | undefined) => store?.articles.map((a) => a.slug).sort();

describe('collecting problems', () => {
  it('reports every problem of every file, not just the first', async () => {
    const { problems } = await loadStore(
      sources({
        a: articleFile({ title: '', tags: 'x' }),
        b: articleFile({ date: 'soon' }),
        c: articleFile({ colour: 'red', draft: 'maybe' }),
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^content\/articles\/a\.md: tags: /),
      expect.stringMatching(/^content\/articles\/a\.md: title: /),
      expect.stringMatching(/^content\/articles\/b\.md: date: /),
      expect.stringMatching(/^content\/articles\/c\.md: colour: unknown field/),
      expect.stringMatching(/^content\/articles\/c\.md: draft: /),
    ]);
  });

  it('still loads the valid articles next to invalid ones', async () => {
    const { store, problems } = await loadStore(
      sources({ good: articleFile({}), bad: articleFile({ title: undefined }), also: articleFile({}) }),
    );
    expect(problems).toHaveLength(1);
    expect(slugsOf(store)).toEqual(['also', 'good']);
  });

  it('reports a problem in both date and schema of one file', async () => {
    const { problems } = await loadStore(sources({ a: articleFile({ date: '2024-01-01T10:00', tags: 'x' }) }));
    expect(problems).toHaveLength(2);
  });

  it('names files with the label option', async () => {
    const { problems } = await loadStore(sources({ a: articleFile({ title: undefined }) }), { label: 'my/dir' });
    expect(problems).toEqual(['my/dir/articles/a.md: title: is required']);
  });

  it('counts the drafts it leaves out', async () => {
    const { store, drafts } = await loadStore(
      sources({ a: articleFile({}), b: articleFile({ draft: true }), c: articleFile({ draft: true }) }),
    );
    expect([slugsOf(store), drafts]).toEqual([['a'], 2]);
  });

  it('ignores files that are not articles', async () => {
    const src = { ...sources({ a: articleFile({}) }), 'articles/notes.txt': 'x', 'README.md': '# hi' };
    const { store, problems } = await loadStore(src);
    expect([problems, slugsOf(store)]).toEqual([[], ['a']]);
  });
});

describe('frontmatter and YAML', () => {
  it('requires frontmatter', async () => {
    const { problems } = await loadStore(sources({ a: 'No frontmatter here.\n' }));
    expect(problems).toEqual([
      'content/articles/a.md: frontmatter: the file must start with a line of three dashes (---)',
    ]);
  });

  it('requires the closing line of the frontmatter', async () => {
    const { problems } = await loadStore(sources({ a: '---\ntitle: x\ndate: 2024-01-01\nBody.\n' }));
    expect(problems).toEqual(['content/articles/a.md: frontmatter: no closing line of three dashes (---)']);
  });

  it('requires a mapping', async () => {
    const { problems } = await loadStore(sources({ a: '---\n- a\n- b\n---\nBody.\n' }));
    expect(problems).toEqual(['content/articles/a.md: frontmatter: must be a YAML mapping of field: value']);
  });

  it('reports a YAML syntax error with the field and the line number in the file', async () => {
    const text = '---\ntitle: x\ndate: 2024-01-01\nsummary: one: two\n---\nBody.\n';
    expect((await loadStore(sources({ a: text }))).problems).toEqual([
      expect.stringMatching(/^content\/articles\/a\.md: summary: line 4: /),
    ]);
  });

  it('reports a repeated key at the line of the repeat, naming the first', async () => {
    const text = '---\ntitle: x\ndate: 2024-01-01\ntitle: y\n---\nBody.\n';
    expect((await loadStore(sources({ a: text }))).problems).toEqual([
      'content/articles/a.md: title: line 4: is given twice (first on line 2); keep one',
    ]);
  });

  it.each(['flow sequences', 'flow mappings', 'block mappings'])(
    'reports %s nested thousands deep as a problem of the file, never a throw',
    async (shape) => {
      const n = 20_000;
      const yaml =
        shape === 'flow sequences'
          ? `tags: ${'['.repeat(n)}${']'.repeat(n)}`
          : shape === 'flow mappings'
            ? `x: ${'{a: '.repeat(n)}1${'}'.repeat(n)}`
            : Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
      const { store, problems } = await loadStore(
        sources({ deep: `---\ntitle: t\ndate: 2024-01-01\n${yaml}\n---\n`, ok: articleFile({}) }),
      );
      expect(problems).toEqual([expect.stringMatching(/^content\/articles\/deep\.md: /)]);
      expect(slugsOf(store)).toEqual(['ok']);
    },
  );

  it('reports an alias bomb instead of expanding it or throwing', async () => {
    const level = (name: string, prev: string) => `${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`;
    const yaml = ['a: &a [x, x, x, x, x, x, x, x, x]', level('b', 'a'), level('c', 'b'), level('d', 'c')].join('\n');
    const { store, problems } = await loadStore(sources({ bomb: `---\n${yaml}\n---\n`, ok: articleFile({}) }));
    expect(problems).toEqual([expect.stringMatching(/^content\/articles\/bomb\.md: frontmatter: .*aliases/)]);
    expect(slugsOf(store)).toEqual(['ok']);
  });

  it('accepts CRLF line ends and a byte-order mark', async () => {
    const text = '\uFEFF---\r\ntitle: Windows\r\ndate: 2024-01-01\r\n---\r\nBody.\r\n';
    expect((await compile(sources({ a: text }))).articles[0]?.title).toBe('Windows');
  });
});

describe('slugs and ids', () => {
  it('takes the slug from the path under articles/', async () => {
    expect(slugsOf(await compile(sources({ '2024/08/story': articleFile({}) })))).toEqual(['2024/08/story']);
  });

  it('percent-encodes a unicode slug in the article URL', async () => {
    const store = await compile(sources({ 'économie/überblick': articleFile({}) }));
    expect(store.articles[0]?.link).toBe('https://news.example.org/articles/%C3%A9conomie/%C3%BCberblick');
  });

  it('rejects slugs that differ only in case, naming both files', async () => {
    const { store, problems } = await loadStore(sources({ News: articleFile({}), news: articleFile({}) }));
    expect(problems).toEqual([
      'content/articles/news.md: slug: "news" differs only in case from content/articles/News.md; URLs would collide',
    ]);
    expect(slugsOf(store)).toEqual(['News']);
  });

  it('rejects a repeated frontmatter id, naming both files', async () => {
    const id = 'tag:news.example.org,2024:same';
    const { problems } = await loadStore(sources({ a: articleFile({ id }), b: articleFile({ id }) }));
    expect(problems).toEqual([`content/articles/b.md: id: "${id}" is already the id of content/articles/a.md`]);
  });

  it("rejects a frontmatter id equal to another article's derived id", async () => {
    const { problems } = await loadStore(
      sources({ a: articleFile({ id: 'https://news.example.org/articles/b' }), b: articleFile({}) }),
    );
    expect(problems).toEqual([expect.stringMatching(/^content\/articles\/b\.md: id: .*already the id of .*a\.md/)]);
  });
});

describe('text cleaning', () => {
  const bad = '\u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF\uD800';

  it('removes characters XML cannot carry from every frontmatter string', async () => {
    const store = await compile(
      sources({
        a: articleFile({
          title: `T${bad}itle`,
          summary: `S${bad}um`,
          tags: [`t${bad}ag`],
          author: `A${bad}nn`,
          id: `tag:x.org,2024:${bad}a`,
          url: `https://x.org/${bad}p`,
        }),
      }),
    );
    const a = store.articles[0];
    expect([a?.title, a?.summary, a?.tags, a?.authors[0]?.name, a?.id, a?.link]).toEqual([
      'Title',
      'Sum',
      ['tag'],
      'Ann',
      'tag:x.org,2024:a',
      'https://x.org/p',
    ]);
  });

  it('removes them from site.yaml strings, authors map names included', async () => {
    const store = await compile(
      sources(
        { a: articleFile({ author: 'Ann' }) },
        siteYaml({
          title: `Ti${bad}tle`,
          copyright: `©${bad} Herald`,
          author: { name: `De${bad}sk` },
          authors: { [`An${bad}n`]: { email: 'ann@news.example.org' } },
        }),
      ),
    );
    expect([store.site.title, store.site.copyright, store.site.author.name]).toEqual(['Title', '© Herald', 'Desk']);
    expect(store.articles[0]?.authors).toEqual([{ name: 'Ann', email: 'ann@news.example.org' }]);
  });

  it('removes them from the body but keeps tabs and newlines', async () => {
    const store = await compile(sources({ a: articleFile({}, `a${bad}b\tc\n`) }));
    expect(store.articles[0]?.html).toBe('<p>ab\tc</p>\n');
  });

  it('keeps emoji, RTL and CJK text intact', async () => {
    const title = '😀 \u202Eٱ עברית 漢字 👩‍👩‍👧‍👦';
    expect((await compile(sources({ a: articleFile({ title }) }))).articles[0]?.title).toBe(title);
  });
});

describe('store version', () => {
  it('is the same for the same sources', async () => {
    const a = await compile(sources({ a: articleFile({}) }));
    const b = await compile(sources({ a: articleFile({}) }));
    expect(a.version).toBe(b.version);
  });

  it('changes when any file changes', async () => {
    const a = await compile(sources({ a: articleFile({}) }));
    const b = await compile(sources({ a: articleFile({}, 'Other body.\n') }));
    expect(a.version).not.toBe(b.version);
  });
});
