// Apple Podcasts' categories: the list itself, every name accepted as written, and a problem for
// anything else that says what is accepted and what was most likely meant.
import { describe, expect, it } from 'vitest';
import { APPLE_CATEGORIES, appleCategoryText, parseAppleCategory } from '../../../src/content/apple-categories.ts';

const problemOf = (text: string): string => {
  const result = parseAppleCategory(text);
  if (result.ok) throw new Error(`"${text}" was accepted`);
  return result.problem;
};

describe('APPLE_CATEGORIES', () => {
  it("holds Apple's 19 categories, in Apple's order", () => {
    expect(Object.keys(APPLE_CATEGORIES)).toEqual([
      'Arts',
      'Business',
      'Comedy',
      'Education',
      'Fiction',
      'Government',
      'History',
      'Health & Fitness',
      'Kids & Family',
      'Leisure',
      'Music',
      'News',
      'Religion & Spirituality',
      'Science',
      'Society & Culture',
      'Sports',
      'Technology',
      'True Crime',
      'TV & Film',
    ]);
  });

  it.each([
    [
      'News',
      ['Business News', 'Daily News', 'Entertainment News', 'News Commentary', 'Politics', 'Sports News', 'Tech News'],
    ],
    [
      'Leisure',
      ['Animation & Manga', 'Automotive', 'Aviation', 'Crafts', 'Games', 'Hobbies', 'Home & Garden', 'Video Games'],
    ],
    ['TV & Film', ['After Shows', 'Film History', 'Film Interviews', 'Film Reviews', 'TV Reviews']],
    ['Technology', []],
    ['True Crime', []],
  ])('gives %s its subcategories', (parent, children) => {
    expect(APPLE_CATEGORIES[parent]).toEqual(children);
  });

  it('has 110 names in all, none with a ">" or outer spaces, and no subcategory under two categories', () => {
    const children = Object.values(APPLE_CATEGORIES).flat();
    const names = [...Object.keys(APPLE_CATEGORIES), ...children];
    expect(names).toHaveLength(110);
    expect(names.filter((n) => n.includes('>') || n.trim() !== n)).toEqual([]);
    expect(new Set(children).size).toBe(children.length);
  });
});

describe('parseAppleCategory', () => {
  it('accepts every category and every subcategory under its own category', () => {
    for (const [parent, children] of Object.entries(APPLE_CATEGORIES)) {
      expect(parseAppleCategory(parent)).toEqual({ ok: true, parent });
      for (const child of children)
        expect(parseAppleCategory(`${parent} > ${child}`)).toEqual({ ok: true, parent, child });
    }
  });

  it('reads spaces around ">" and at the ends as nothing', () => {
    expect(parseAppleCategory('  News>Daily News ')).toEqual({ ok: true, parent: 'News', child: 'Daily News' });
    expect(parseAppleCategory('Society & Culture   >   Documentary')).toEqual({
      ok: true,
      parent: 'Society & Culture',
      child: 'Documentary',
    });
  });

  it('writes a category back as it reads it', () => {
    expect(appleCategoryText('News', 'Daily News')).toBe('News > Daily News');
    expect(appleCategoryText('History')).toBe('History');
  });

  it.each([
    ['Sceince', '"Sceince" is not one of Apple\'s categories: did you mean "Science"?'],
    ['news', 'did you mean "News"?'],
    ['Society and Culture', 'did you mean "Society & Culture"?'],
    ['Nwes > Daily News', 'did you mean "News > Daily News"?'],
    ['News > Daly News', '"Daly News" is not a subcategory of "News": did you mean "News > Daily News"?'],
    ['Daily Nwes', 'did you mean "News > Daily News"?'],
  ])('suggests the name most likely meant for %j', (text, expected) => {
    expect(problemOf(text)).toContain(expected);
  });

  it('names the accepted categories when a name is unknown, and the subcategories when a subcategory is', () => {
    const unknown = problemOf('Cooking Adventures');
    expect(unknown).not.toContain('did you mean');
    expect(unknown).toContain('Apple\'s categories are "Arts", "Business", "Comedy"');
    expect(unknown).toContain('"Society & Culture"');
    expect(problemOf('News > Weather')).toBe(
      '"Weather" is not a subcategory of "News": the subcategories of "News" are "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics", "Sports News", "Tech News"',
    );
  });

  it('tells where a subcategory belongs when it is written alone or under another category', () => {
    expect(problemOf('Daily News')).toBe('"Daily News" is a subcategory of "News": write "News > Daily News"');
    expect(problemOf('Arts > Politics')).toBe(
      '"Politics" is a subcategory of "News", not of "Arts": write "News > Politics"',
    );
  });

  it('refuses a subcategory under a category that has none', () => {
    expect(problemOf('History > Ancient')).toBe('"History" has no subcategories: write "History"');
  });

  it('asks for "&" as written when it was escaped by hand', () => {
    expect(problemOf('Society &amp; Culture')).toBe('write "&" as it is ("Society & Culture"): the feed escapes it');
    expect(problemOf('Arts > Fashion &amp; Beauty')).toBe(
      'write "&" as it is ("Arts > Fashion & Beauty"): the feed escapes it',
    );
  });

  it('names the successor of a category Apple retired in 2019', () => {
    expect(problemOf('Games & Hobbies')).toBe(
      '"Games & Hobbies" is a category Apple retired in 2019: write "Leisure" (or one of its subcategories)',
    );
    expect(problemOf('News & Politics')).toContain('write "News"');
  });

  it.each([
    ['', 'names no category'],
    ['   ', 'names no category'],
    [' > Daily News', 'names no category'],
    ['News >', 'names no category'],
    ['News > Politics > Elections', 'has more than one ">"'],
  ])('refuses the malformed %j', (text, expected) => {
    expect(problemOf(text)).toContain(expected);
    expect(problemOf(text)).toContain('write "Category" or "Category > Subcategory"');
  });
});
