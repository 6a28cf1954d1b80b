// Article files written by the importers: frontmatter that reads back exactly, slugs, unique paths.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createPathAllocator, sanitizeSlug, serializeArticle, slugify } from '../../../src/import/article-file.ts';

function split(fileText: string): { front: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(fileText);
  if (!match) throw new Error(`no frontmatter in:\n${fileText}`);
  return { front: parse(match[1] as string), body: match[2] as string };
}

describe('serializeArticle', () => {
  it.each([
    ['Yes'],
    ['null'],
    ['2018'],
    ['a: b # not a comment'],
    ['"Quoted" and \'single\''],
    ['--- looks like a fence'],
    ['- looks like a list'],
    ['Café “taste” 東京の朝 \\ backslash'],
    ['line\nbreak and\ttab'],
  ])('writes the title %j so YAML reads back the same string', (title) => {
    const { front } = split(serializeArticle({ title, date: '2018-08-24' }, 'Body.'));
    expect(front.title).toBe(title);
  });

  it('keeps dates as quoted strings, not YAML timestamps', () => {
    const text = serializeArticle({ title: 'T', date: '2018-08-24', updated: '2018-08-25T10:00:00+02:00' }, 'B');
    expect(text).toContain('date: "2018-08-24"');
    expect(split(text).front).toMatchObject({ date: '2018-08-24', updated: '2018-08-25T10:00:00+02:00' });
  });

  it('writes fields in a fixed order and leaves out empty ones', () => {
    const text = serializeArticle(
      { format: 'html', id: 'x', tags: [], title: 'T', date: '2018-08-24', summary: undefined },
      '<p>B</p>',
    );
    expect(Object.keys(split(text).front)).toEqual(['title', 'date', 'id', 'format']);
  });

  it('writes the enclosure as a mapping with a numeric length', () => {
    const enclosure = { url: 'https://cdn.example.com/a.mp3', type: 'audio/mpeg', length: 5242880 };
    const { front } = split(serializeArticle({ title: 'T', date: '2018-08-24', enclosure }, 'B'));
    expect(front.enclosure).toEqual(enclosure);
  });

  it('puts the body after a blank line and ends the file with a newline', () => {
    const { body } = split(serializeArticle({ title: 'T', date: '2018-08-24' }, '\n\nFirst.\n\nSecond.\n\n'));
    expect(body).toBe('\nFirst.\n\nSecond.\n');
  });
});

describe('slugify', () => {
  it('joins lowercase ASCII words with hyphens', () => {
    expect(slugify('Pyongyang Wants U.S. to Declare End of Korean War')).toBe(
      'pyongyang-wants-u-s-to-declare-end-of-korean-war',
    );
  });

  it('removes diacritics and spells letters NFKD cannot split', () => {
    expect(slugify('Café au lait & Straße: Ærø, Łódź')).toBe('cafe-au-lait-strasse-aero-lodz');
  });

  it('drops apostrophes instead of splitting words at them', () => {
    expect(slugify('North Korea’s “leader” isn’t here')).toBe('north-koreas-leader-isnt-here');
  });

  it('cuts long titles at a word boundary within 80 characters', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('word')).toBe(true);
  });

  it('cuts a single enormous word rather than returning nothing', () => {
    expect(slugify('x'.repeat(200))).toBe('x'.repeat(80));
  });

  it('keeps Unicode letters when no ASCII letter or digit remains', () => {
    expect(slugify('東京の朝、静か')).toBe('東京の朝-静か');
    expect(slugify('Привет, мир')).toBe('привет-мир');
  });

  it('returns an empty slug for a title of punctuation only', () => {
    expect(slugify('?!…')).toBe('');
  });
});

describe('sanitizeSlug', () => {
  it('cannot climb out of the articles folder', () => {
    expect(sanitizeSlug('../../etc/passwd')).toBe('etc-passwd');
  });

  it('keeps Unicode letters of a decoded WordPress slug', () => {
    expect(sanitizeSlug('東京の朝')).toBe('東京の朝');
  });
});

describe('createPathAllocator', () => {
  it('numbers repeated paths -2, -3 in order', () => {
    const allocate = createPathAllocator();
    expect([
      allocate('2021', 'roundup'),
      allocate('2021', 'roundup'),
      allocate('2022', 'roundup'),
      allocate('2021', 'roundup'),
    ]).toEqual(['2021/roundup.md', '2021/roundup-2.md', '2022/roundup.md', '2021/roundup-3.md']);
  });

  it('skips a number another slug already took', () => {
    const allocate = createPathAllocator();
    expect(['a', 'a-2', 'a', 'a', 'a-2', 'a-3'].map((slug) => allocate('2021', slug))).toEqual([
      '2021/a.md',
      '2021/a-2.md',
      '2021/a-3.md',
      '2021/a-4.md',
      '2021/a-2-2.md',
      '2021/a-3-2.md',
    ]);
  });
});
