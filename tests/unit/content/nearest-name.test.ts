// The "did you mean" hint: an edit distance that counts a swap of neighbours as one slip, and a
// threshold that suggests a close name and nothing when no name is close.
import { describe, expect, it } from 'vitest';
import { editDistance, nearestName } from '../../../src/content/nearest-name.ts';

const FIELDS = [
  'title',
  'date',
  'updated',
  'summary',
  'author',
  'tags',
  'image',
  'draft',
  'url',
  'id',
  'enclosure',
  'format',
];

describe('editDistance', () => {
  it.each([
    ['title', 'title', 0],
    ['tilte', 'title', 1],
    ['tgas', 'tags', 1],
    ['autor', 'author', 1],
    ['tag', 'tags', 1],
    ['sumary', 'summary', 1],
    ['kitten', 'sitting', 3],
    ['', 'url', 3],
    ['ca', 'abc', 3],
  ])('from %j to %j is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('nearestName', () => {
  it.each([
    ['tilte', 'title'],
    ['tgas', 'tags'],
    ['autor', 'author'],
    ['Title', 'title'],
    ['enclosur', 'enclosure'],
    ['updatd', 'updated'],
    ['summery', 'summary'],
  ])('takes %j for %j', (name, known) => {
    expect(nearestName(name, FIELDS)).toBe(known);
  });

  it.each(['colour', 'categories', 'name', 'slug', 'x'])(
    'suggests nothing for %j, which is close to no field',
    (name) => {
      expect(nearestName(name, FIELDS)).toBeUndefined();
    },
  );

  it('takes the first of equally close names', () => {
    expect(nearestName('dat', ['data', 'date'])).toBe('data');
  });
});
