// Property: no content directory makes loadStore throw. Random file names and paths, random YAML-ish
// text, frontmatter values of the wrong type: the result is a store, or problems that each start with
// the path of the file they are about, and no article file is ever skipped in silence.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadStore, type Sources } from '../../../src/content/load.ts';
import { hostileText } from '../../support/arbitraries.ts';
import { articleFile, siteYaml } from '../../support/fixtures.ts';

/** fast-check runs are bounded; the limit leaves room for a machine busy with other suites. */
const PROPERTY_TIMEOUT = 30_000;

const FIELDS = [
  'title',
  'date',
  'updated',
  'summary',
  'author',
  'tags',
  'image',
  'url',
  'id',
  'enclosure',
  'format',
  'Title',
  '__proto__',
  'constructor',
  'toString',
  '',
];

/** YAML values of any type: numbers, booleans, null, nested lists and maps, hostile strings. */
const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { arbitrary: hostileText(4), weight: 4 },
    {
      arbitrary: fc.constantFrom(
        '2024-01-01',
        '2024-13-45',
        '2024-01-01T00:00:00',
        'javascript:alert(1)',
        'https://x.example/',
      ),
      weight: 2,
    },
    { arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)), weight: 2 },
    { arbitrary: fc.array(tie('value'), { maxLength: 3 }), weight: 1 },
    {
      arbitrary: fc.dictionary(fc.constantFrom(...FIELDS, 'url', 'type', 'length', 'email'), tie('value'), {
        maxKeys: 3,
      }),
      weight: 1,
    },
  ),
})).value;

/** Frontmatter with known and unknown fields holding values of any type. */
const frontmatter = fc.dictionary(fc.constantFrom(...FIELDS), anyValue, { maxKeys: 8 }).map((data) => {
  try {
    return `---\n${stringify(data)}---\n`;
  } catch {
    return '---\n---\n';
  }
});

const YAMLISH = [
  ': ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '&a ',
  '*a',
  '*b',
  '<<: *a',
  '!!binary ',
  '!!js/function ',
  '!!set ',
  '!custom ',
  '? ',
  '|',
  '>-',
  '---',
  '...',
  '%YAML 1.2',
  '%TAG ! tag:x,2024:',
  '# comment',
  '"',
  "'",
  '\t',
  '\n',
  '\r\n',
  '  ',
  'title: x',
  'date: 2024-01-01',
  'draft: yes',
  'tags: politics',
  'key: value',
  '0x1F',
  '.inf',
  '.nan',
  '~',
];

/** Text that looks a little like YAML (and a little like an article). */
const yamlish = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...YAMLISH), weight: 3 }, { arbitrary: hostileText(2), weight: 1 }), {
    maxLength: 30,
  })
  .map((parts) => parts.join(''));

const deepYaml = fc
  .integer({ min: 50, max: 3000 })
  .map((n) => `---\ntitle: deep\ndate: 2024-01-01\ntags: ${'['.repeat(n)}${']'.repeat(n)}\n---\n`);

/** What an article file may hold. */
const fileText = fc.oneof(
  {
    arbitrary: fc.constantFrom(articleFile({ title: 'Valid' }), articleFile({ title: 'Draft', draft: true })),
    weight: 2,
  },
  { arbitrary: fc.tuple(frontmatter, hostileText(6)).map(([fm, body]) => fm + body), weight: 4 },
  { arbitrary: yamlish.map((y) => `---\n${y}\n---\nbody`), weight: 3 },
  { arbitrary: yamlish, weight: 2 },
  { arbitrary: hostileText(8), weight: 1 },
  { arbitrary: deepYaml, weight: 1 },
);

/** A path segment: anything, lone surrogates, dots and line breaks included. */
const segment = fc.oneof(
  fc.constantFrom('.', '..', '', ' ', 'x', 'X', '2024', '.md', 'a.md', '\n', '\uD800', '%2e', 'é', 'e\u0301'),
  hostileText(2).map((t) => t.replace(/\//g, '')),
);

const articlePath = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `articles/${s.join('/')}.md`);
const otherPath = fc.oneof(
  fc.constantFrom(
    'articles',
    'articles/',
    'articles/.md',
    'articles/x.MD',
    'articles/x.md.bak',
    'site.yml',
    'x.md',
    'README.md',
  ),
  hostileText(3),
);

const siteText = fc.oneof(
  { arbitrary: fc.constant(siteYaml()), weight: 4 },
  {
    arbitrary: fc
      .dictionary(
        fc.constantFrom(
          'title',
          'description',
          'url',
          'language',
          'author',
          'authors',
          'timezone',
          'items',
          'cache',
          'hub',
        ),
        anyValue,
        { maxKeys: 4 },
      )
      .map((overrides) => {
        try {
          return siteYaml(overrides);
        } catch {
          return siteYaml();
        }
      }),
    weight: 2,
  },
  { arbitrary: yamlish, weight: 1 },
);

const contentSources: fc.Arbitrary<Sources> = fc
  .record(
    {
      site: siteText,
      articles: fc.array(fc.tuple(articlePath, fileText), { maxLength: 6 }),
      others: fc.array(fc.tuple(otherPath, fileText), { maxLength: 2 }),
    },
    { requiredKeys: ['articles', 'others'] },
  )
  .map(({ site, articles, others }) => {
    const out: Sources = {};
    for (const [path, text] of [...others, ...articles]) out[path] = text;
    if (site !== undefined) out['site.yaml'] = site;
    return out;
  });

describe('loadStore over arbitrary content', () => {
  it(
    'never throws, and every problem starts with the path of its file',
    async () => {
      await fc.assert(
        fc.asyncProperty(contentSources, async (src) => {
          const result = await loadStore(src);
          expect(Array.isArray(result.problems)).toBe(true);
          expect(result.store !== undefined || result.problems.length > 0).toBe(true);
          const prefixes = ['content/site.yaml: ', ...Object.keys(src).map((p) => `content/${p}: `)];
          for (const problem of result.problems) {
            expect(typeof problem).toBe('string');
            expect(
              prefixes.some((p) => problem.startsWith(p)),
              problem,
            ).toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'loads, refuses with a problem, or drops as a draft every article file; none is skipped in silence',
    async () => {
      await fc.assert(
        fc.asyncProperty(contentSources, async (src) => {
          const withSite = { ...src, 'site.yaml': siteYaml() };
          const result = await loadStore(withSite);
          const loaded = new Set(result.store?.articles.map((a) => a.source));
          for (const [path, text] of Object.entries(withSite)) {
            if (!path.startsWith('articles/') || !path.endsWith('.md') || path === 'articles/.md') continue;
            if (/draft/.test(text)) continue;
            const named = result.problems.some((p) => p.startsWith(`content/${path}: `));
            expect(loaded.has(`content/${path}`) || named, JSON.stringify(path)).toBe(true);
          }
        }),
        { numRuns: 200 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
