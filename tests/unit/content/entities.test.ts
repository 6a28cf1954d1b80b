// decodeEntities: HTML character references -> text, by the HTML standard's tables, leaving anything that
// is not a whole known reference exactly as written.
import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../../src/content/entities.ts';

describe('decodeEntities', () => {
  it('leaves names that are only properties of a JavaScript object as written', () => {
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf']) {
      expect(decodeEntities(`a &${name}; b`)).toBe(`a &${name}; b`);
    }
  });

  it('knows every named reference of HTML, not a hand-picked few', () => {
    expect(decodeEntities('&aelig; &AElig; &rarr; &larr; &hearts; &alpha; &Omega; &check; &nbsp;')).toBe(
      'æ Æ → ← ♥ α Ω ✓ \u00a0',
    );
    // Names whose value is two code points.
    expect(decodeEntities('&NotEqualTilde; &fjlig;')).toBe('\u2242\u0338 fj');
    // Names with digits, and the upper-case aliases HTML keeps.
    expect(decodeEntities('&frac34; &sup2; &AMP; &LT;')).toBe('¾ ² & <');
  });

  it('still decodes what the hand table did', () => {
    expect(decodeEntities('Caf&eacute; &amp; cr&egrave;me: &ldquo;&hellip;&rdquo; &mdash; 5&deg; &euro;')).toBe(
      'Café & crème: “…” — 5° €',
    );
  });

  it('leaves unknown names exactly as written, even when a known name is their prefix', () => {
    // HTML's legacy rule would read "&not" out of these ("¬it;"); only a whole known name ending in ";" counts.
    expect(decodeEntities('&notit; &notaname; &ampx; &copy2; &lt3;')).toBe('&notit; &notaname; &ampx; &copy2; &lt3;');
    expect(decodeEntities('&not; &notin;')).toBe('¬ ∉');
  });

  it('requires the semicolon', () => {
    expect(decodeEntities('&amp &copy 2024 &#65 &#x41')).toBe('&amp &copy 2024 &#65 &#x41');
    expect(decodeEntities('AT&T; R&D, a & b, &; &#; &#x;')).toBe('AT&T; R&D, a & b, &; &#; &#x;');
  });

  it('decodes numeric references, with HTML’s Windows-1252 reading of 128-159', () => {
    expect(decodeEntities('&#8217;&#x2019;&#X2019;&#65;&#x1F600;')).toBe('’’’A😀');
    expect(decodeEntities('&#128; &#150; &#151; &#147;x&#148; &#x99;')).toBe('€ – — “x” ™');
  });

  it('turns references to no character into U+FFFD', () => {
    expect(decodeEntities('&#0; &#xD800; &#1114112; &#99999999999999999999;')).toBe('\ufffd \ufffd \ufffd \ufffd');
  });

  it('decodes once: an escaped reference stays a reference', () => {
    expect(decodeEntities('&amp;lt;b&amp;gt; &amp;amp;')).toBe('&lt;b&gt; &amp;');
  });
});
