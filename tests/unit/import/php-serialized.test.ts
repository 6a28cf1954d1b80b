// PHP serialize() output read back, as WordPress plugins leave it in post meta.
import { describe, expect, it } from 'vitest';
import { parsePhpSerialized } from '../../../src/import/php-serialized.ts';

describe('parsePhpSerialized', () => {
  it('reads an array of strings, integers, floats, booleans and null, keys in order', () => {
    const value = parsePhpSerialized(
      'a:6:{s:8:"duration";s:8:"00:42:10";s:6:"season";i:2;i:0;d:1.5;s:1:"b";b:1;s:1:"n";N;s:1:"f";b:0;}',
    );
    expect(value).toEqual(
      new Map<string | number, unknown>([
        ['duration', '00:42:10'],
        ['season', 2],
        [0, 1.5],
        ['b', true],
        ['n', null],
        ['f', false],
      ]),
    );
  });

  it('counts string lengths in UTF-8 bytes, as PHP does', () => {
    // "Café" is 5 bytes; a reader counting characters would end the string one byte late.
    expect(parsePhpSerialized('a:1:{s:5:"title";s:5:"Café";}')).toEqual(new Map([['title', 'Café']]));
  });

  it('reads a string whose stated length is wrong (a search-and-replace in the database) up to its end', () => {
    expect(parsePhpSerialized('a:1:{s:5:"image";s:10:"https://new.example/x.png";}')).toEqual(
      new Map([['image', 'https://new.example/x.png']]),
    );
  });

  it('reads nested arrays', () => {
    expect(parsePhpSerialized('a:1:{s:1:"a";a:1:{i:0;s:1:"x";}}')).toEqual(new Map([['a', new Map([[0, 'x']])]]));
  });

  it.each([
    ['an object', 'O:8:"stdClass":1:{s:1:"a";s:1:"b";}'],
    ['an object inside an array', 'a:1:{s:1:"a";O:8:"stdClass":0:{}}'],
    ['a reference', 'a:2:{i:0;s:1:"x";i:1;R:2;}'],
    ['a truncated array', 'a:2:{s:1:"a";s:1:"b";'],
    ['text after the value', 's:1:"a";junk'],
    ['plain text', 'not serialized'],
    ['an empty string', ''],
    ['an array key that is an array', 'a:1:{a:0:{}s:1:"x";}'],
  ])('refuses %s', (_, text) => {
    expect(parsePhpSerialized(text)).toBeUndefined();
  });

  it('refuses nesting deeper than any plugin writes, without overflowing the stack', () => {
    const deep = `${'a:1:{i:0;'.repeat(5000)}N;${'}'.repeat(5000)}`;
    expect(parsePhpSerialized(deep)).toBeUndefined();
  });
});
