// Plain text escaped for Markdown renders back to the same text.
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeMarkdownLine } from '../../../src/import/markdown-escape.ts';

const md = new MarkdownIt();

/** What a reader sees: the single paragraph's text with markdown-it's own escaping undone. */
function renderedText(markdown: string): string {
  const html = md.render(markdown).trim();
  expect(html.startsWith('<p>') && html.endsWith('</p>')).toBe(true);
  return html
    .slice(3, -4)
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}

describe('escapeMarkdownLine', () => {
  it.each([
    ['# not a heading'],
    ['- not a list'],
    ['+ not a list'],
    ['* not a list'],
    ['1. not an ordered list'],
    ['2018) not an ordered list either'],
    ['> not a quote'],
    ['--- not a rule'],
    ['***'],
    ['=== not a setext underline'],
    ['*not emphasis* and _not emphasis_ and __not strong__'],
    ['`not code` and ```not a fence'],
    ['~~~ not a fence, ~~not struck~~'],
    ['[not a link](https://example.com) and ![not an image](x.png)'],
    ['<b>not bold</b> <script>alert(1)</script>'],
    ['&amp; stays five characters, &copy; stays six'],
    ['a backslash \\ and a trailing one \\'],
    ['<https://example.com> is not an autolink'],
    ['| a | b | is not a table'],
    ['North Korea’s “complete denuclearization” — 1950-53'],
  ])('renders %j as the same text', (text) => {
    expect(renderedText(escapeMarkdownLine(text))).toBe(text);
  });

  it('drops leading spaces so an indented line does not become a code block', () => {
    expect(renderedText(escapeMarkdownLine('    indented'))).toBe('indented');
  });

  it('leaves ordinary prose readable', () => {
    expect(escapeMarkdownLine('Pompeo said it was progress, not a deal.')).toBe(
      'Pompeo said it was progress, not a deal.',
    );
  });

  it('round-trips any single line of printable text', () => {
    const printable = fc
      .string({ unit: fc.constantFrom(...' !"#$%&\'()*+,-./0123456789:;<=>?@AZaz[\\]^_`{|}~é“’'.split('')) })
      .map((s) => s.replace(/ {2,}/g, ' ').trim())
      .filter((s) => s !== '');
    fc.assert(
      fc.property(printable, (text) => {
        expect(renderedText(escapeMarkdownLine(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
