// The frontmatter fast path reads exactly what the `yaml` package reads (YAML 1.2 core schema, unique
// keys), and steps aside for everything else, errors included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { hostileText } from '../../../../tests/support/arbitraries.ts';
import { parseSimpleYaml } from './simple-frontmatter.ts';

const PROPERTY_TIMEOUT = 30_000;

/** What the slow path reads: undefined when `yaml` reports an error. */
function viaYaml(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, version: '1.2', prettyErrors: false });
  return doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 100 });
}

/** Own entries in order: a "constructor" key defeats toStrictEqual's type check, not this. */
const entries = (data: unknown) =>
  data && typeof data === 'object' ? [Object.getPrototypeOf(data) === Object.prototype, Object.entries(data)] : data;

const KEYS = ['title', 'date', 'tags', 'author', 'draft', 'a-b', 'x_1', 'Title', 'constructor', 'toString', '_x', '1'];

/** Words and near-words, including everything the core schema reads as null, bool, int or float. */
const word = fc.oneof(
  fc.constantFrom(
    'politics',
    'Asia Pacific',
    '2024-01-01',
    '2019-03-17T17:27-04:00',
    '12:30',
    'https://example.org/a?b=c',
    'true',
    'False',
    'TRUE',
    'yes',
    'null',
    'Null',
    '~',
    '1',
    '-1',
    '+1',
    '1.5',
    '1e3',
    '.5',
    '0o17',
    '0x1F',
    '1_000',
    '.inf',
    '-.Inf',
    '.NaN',
    'a: b',
    'a:b',
    'a #b',
    'a#b',
    'end:',
    '- x',
    '? x',
    '&anchor x',
    '*alias',
    '!tag x',
    '%x',
    '@x',
    '`x',
    '|',
    '>',
    '{a: 1}',
    'a, b',
    'x ',
    ' x',
  ),
  fc.stringMatching(/^[A-Za-z0-9 _.,:+\-/()?!=#'"[\]{}]{0,12}$/),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _.:+\-/]{0,10}$/),
);

const doubleQuoted = fc
  .oneof(hostileText(4), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme-ascii', maxLength: 8 }))
  .map((t) => `"${t}"`);
const singleQuoted = fc
  .oneof(hostileText(4), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme-ascii', maxLength: 8 }))
  .map((t) => `'${t}'`);
const item = fc.oneof(word, doubleQuoted, singleQuoted, fc.constant(''));
const list = fc
  .tuple(fc.array(item, { maxLength: 4 }), fc.constantFrom(', ', ',', ' , ', ',  '), fc.constantFrom('', ' ', ','))
  .map(([items, sep, end]) => `[${items.join(sep)}${end}]`);
const value = fc.oneof(
  { arbitrary: word, weight: 3 },
  { arbitrary: doubleQuoted, weight: 2 },
  { arbitrary: singleQuoted, weight: 2 },
  { arbitrary: list, weight: 2 },
  { arbitrary: hostileText(3), weight: 1 },
);

const line = fc
  .oneof(
    {
      arbitrary: fc.tuple(
        fc.constantFrom(...KEYS),
        fc.constantFrom(': ', ': ', ': ', ':  ', ':', ': \t', ' : '),
        value,
      ),
      weight: 12,
    },
    { arbitrary: fc.constantFrom('', '  ', '# comment', '  indented: x', '- item', '...', '%YAML 1.2'), weight: 1 },
  )
  .map((parts) => (typeof parts === 'string' ? parts : parts.join('')));

const document = fc
  .tuple(fc.array(line, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\n', '\n', '\r\n', '\n\n'))
  .map(([lines, eol]) => lines.join(eol));

/** Frontmatter as people write it: the fast path must take it. */
const safeText = fc.stringMatching(/^[A-Za-z0-9 .,:;!?()'#&<>é😀-]{0,20}$/u);
const simpleDocument = fc
  .record({
    title: fc.oneof(
      safeText.map((t) => `"${t.replaceAll('"', '')}"`),
      safeText.map((t) => `'${t.replaceAll("'", "''")}'`),
    ),
    date: fc.constantFrom('2019-03-17T17:27-04:00', '"2020-02-09"', '2024-01-01'),
    author: fc.oneof(
      fc.constantFrom('"Priya Mensah"', 'Priya Mensah'),
      fc
        .array(fc.constantFrom('"Rosa Valdes"', '"Esra Weber"', 'Ana'), { minLength: 1, maxLength: 3 })
        .map((a) => `[${a.join(', ')}]`),
    ),
    tags: fc
      .array(fc.constantFrom('"cars-arctic"', '"heritage"', 'music', "'art, caribbean'"), { maxLength: 4 })
      .map((t) => `[${t.join(', ')}]`),
    draft: fc.constantFrom('true', 'false'),
  })
  .map((fields) =>
    Object.entries(fields)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
  );

describe('the frontmatter fast path', () => {
  it('reads what yaml reads, or leaves the text to yaml', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(document, (text) => {
        const fast = parseSimpleYaml(text);
        if (fast !== undefined) expect(entries(fast)).toStrictEqual(entries(viaYaml(text)));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes ordinary frontmatter and reads it as yaml does', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(simpleDocument, (text) => {
        const fast = parseSimpleYaml(text);
        expect(fast).toBeDefined();
        expect(entries(fast)).toStrictEqual(entries(viaYaml(text)));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a no-break space or another Unicode space at the end of a value, as yaml does', () => {
    for (const text of ['title: A\u00a0', 'draft: true\u00a0', 'tags: [a\u2003]', 'title: A\u3000 ']) {
      const fast = parseSimpleYaml(text);
      if (fast !== undefined) expect(entries(fast), JSON.stringify(text)).toStrictEqual(entries(viaYaml(text)));
    }
  });

  it('leaves a duplicate key to yaml, which reports it', () => {
    const text = 'title: "a"\ntitle: "b"';
    expect(parseSimpleYaml(text)).toBeUndefined();
    expect(viaYaml(text)).toBeUndefined();
  });

  it('leaves nested mappings, comments and escapes to yaml', () => {
    for (const text of ['enclosure:\n  url: a.mp3', 'title: x # note', 'title: "a\\tb"', 'title: >\n  folded']) {
      expect(parseSimpleYaml(text)).toBeUndefined();
    }
  });
});
