// addParagraphs gives classic WordPress posts the paragraphs WordPress added when it displayed them.
import { describe, expect, it } from 'vitest';
import { addParagraphs } from '../../../src/import/paragraphs.ts';

describe('addParagraphs', () => {
  it('wraps blank-line separated text in paragraphs', () => {
    expect(addParagraphs('One.\n\nTwo.')).toBe('<p>One.</p>\n<p>Two.</p>\n');
  });

  it('turns a single newline inside a paragraph into <br />', () => {
    expect(addParagraphs('Line one\nline two')).toBe('<p>Line one<br />\nline two</p>\n');
  });

  it('does not wrap block-level elements in paragraphs', () => {
    expect(addParagraphs('Intro\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\nAfter')).toBe(
      '<p>Intro</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>After</p>\n',
    );
  });

  it('puts the paragraphs of a blockquote inside it', () => {
    expect(addParagraphs('<blockquote>One\n\nTwo</blockquote>')).toBe(
      '<blockquote><p>One</p>\n<p>Two</p></blockquote>\n',
    );
  });

  it('leaves <pre> contents exactly as written', () => {
    expect(addParagraphs('Code:\n<pre>a\n\nb\n  c</pre>\nafter')).toBe(
      '<p>Code:</p>\n<pre>a\n\nb\n  c</pre>\n<p>after</p>\n',
    );
  });

  it('keeps a newline inside a tag a newline, not a <br />', () => {
    expect(addParagraphs('See <a\nhref="x">this</a>.')).toBe('<p>See <a\nhref="x">this</a>.</p>\n');
  });

  it('turns two <br>s in a row into a paragraph break', () => {
    expect(addParagraphs('One<br><br>Two')).toBe('<p>One</p>\n<p>Two</p>\n');
  });

  it('keeps a figure with its caption whole and outside any paragraph', () => {
    expect(addParagraphs('<figure><img src="a.jpg" />\n<figcaption>Cap</figcaption></figure>\nNext')).toBe(
      '<figure><img src="a.jpg" />\n<figcaption>Cap</figcaption></figure>\n<p>Next</p>\n',
    );
  });

  it('keeps inline markup inside the paragraph it belongs to', () => {
    expect(addParagraphs('A <em>b</em>\n\n<strong>c</strong> d')).toBe(
      '<p>A <em>b</em></p>\n<p><strong>c</strong> d</p>\n',
    );
  });

  it('does not count a no-break space as a blank line', () => {
    expect(addParagraphs('One\n\u00a0\nTwo')).toBe('<p>One<br />\n\u00a0<br />\nTwo</p>\n');
  });

  it('returns nothing for whitespace', () => {
    expect(addParagraphs(' \n\n ')).toBe('');
  });
});
