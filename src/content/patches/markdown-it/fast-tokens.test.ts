// The fast token methods build what markdown-it's own build: the same tokens, fields in the same
// order, and the same HTML. The reference is markdown-it's CommonJS build, a separate copy of its
// classes that useFastTokens() never touched.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { generateSources } from '../../../generate/generate.ts';
import { splitFrontmatter } from '../../frontmatter.ts';
import '../../markdown.ts';
import { hostileBody, hostileText } from '../../../../tests/support/arbitraries.ts';
import { PLAIN_LINK, useFastTokens } from './fast-tokens.ts';

const Untouched = createRequire(import.meta.url)('markdown-it') as typeof MarkdownIt;
const OPTIONS = { html: true, linkify: true, typographer: true };
const fast = new MarkdownIt(OPTIONS);
const fastInstalled = useFastTokens(fast);
const reference = new Untouched(OPTIONS);

/** Tokens with every own field in order: what a renderer or plugin could observe. */
const observed = (tokens: unknown[]) => JSON.stringify(tokens, (_key, value) => value);

function agree(source: string) {
  expect(observed(fast.parse(source, {}))).toBe(observed(reference.parse(source, {})));
  expect(fast.render(source)).toBe(reference.render(source));
}

const FIXTURES = new URL('../../../../tests/fixtures/stores/hostile/articles/', import.meta.url).pathname;

const MARKDOWN = [
  '# h1\n\n## h2 *em* **strong** `code`',
  '> quote\n> > nested\n\n- a\n- b\n  1. c\n  2. d',
  '[link](https://x.example/ "t") ![img](a.png) <https://auto.example> www.linkify.example',
  '```js\nfenced\n```\n\n    indented\n\n---\n\n| a | b |\n|---|:-:|\n| 1 | 2 |',
  '<div>raw *html*</div>\n\n<span>inline</span> &amp; &copy; "quotes" -- ...',
  '*a **b** c* _d_ ~~s~~ [ref]\n\n[ref]: https://ref.example',
];

describe('markdown-it with fast tokens', () => {
  it('is installed on the instance it is given, and on nothing else', () => {
    expect(fastInstalled).toBe(true);
    expect(fast.inline.State).not.toBe(MarkdownIt.StateInline);
    expect(fast.block.State).not.toBe(MarkdownIt.StateBlock);
    // markdown-it's own classes, and another instance of the same module, keep their methods.
    const other = new MarkdownIt(OPTIONS);
    expect(other.block.State).toBe(MarkdownIt.StateBlock);
    expect(other.inline.State).toBe(MarkdownIt.StateInline);
    // The module's own methods read as the untouched copy's (the two builds share their source).
    for (const [own, untouched] of [
      [MarkdownIt.StateBlock.prototype.push, Untouched.StateBlock.prototype.push],
      [MarkdownIt.StateInline.prototype.push, Untouched.StateInline.prototype.push],
      [MarkdownIt.StateInline.prototype.pushPending, Untouched.StateInline.prototype.pushPending],
    ]) {
      expect(String(own)).toBe(String(untouched));
    }
  });

  it('parses and renders every Markdown construct as markdown-it does', () => {
    for (const source of MARKDOWN) agree(source);
  });

  it('parses and renders the hostile fixture articles as markdown-it does', () => {
    const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) agree(readFileSync(`${FIXTURES}${file}`, 'utf8'));
  });

  it('parses and renders generated news articles as markdown-it does', () => {
    for (const text of Object.values(generateSources(60))) {
      const split = splitFrontmatter(text);
      if (split.ok) agree(split.body);
    }
  });

  it('parses and renders hostile text as markdown-it does', () => {
    const markdownish = fc
      .array(
        fc.oneof(fc.constantFrom(...MARKDOWN, '\n', '\n\n', '*', '_', '[', ']', '(', ')', '<', '`'), hostileText(4)),
        {
          maxLength: 20,
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(markdownish, hostileBody), (source) => agree(source)),
      { numRuns: 200 },
    );
    // 200 runs take about a second alone; a machine busy with the other suites can take several.
  }, 30_000);
});

describe('the plain-link shortcut', () => {
  const chars = (set: string, maxLength: number) => fc.string({ unit: fc.constantFrom(...set), maxLength });
  const destination = fc
    .tuple(
      fc.constantFrom('', 'http://', 'https://', 'HTTP://', '//', 'http:', 'mailto:', './', '../', '/'),
      chars('abz09-.', 12),
      chars('abXZ09-._~/?#=&:%@', 30),
    )
    .map((parts) => parts.join(''));

  it('takes only destinations that markdown-it normalizes to themselves', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof(destination, chars("abXZ09-._~/?#=&:%@!$'()*+,; ", 40)), (url) => {
        if (!PLAIN_LINK.test(url)) return;
        taken += 1;
        expect(reference.normalizeLink(url)).toBe(url);
      }),
      { numRuns: 20_000 },
    );
    expect(taken).toBeGreaterThan(1000);
  });

  it('takes the links of generated news articles', () => {
    for (const url of ['https://data.example.net/court/2025/coach-584', '../../2022/08/in-lagos-a-green-import']) {
      expect(PLAIN_LINK.test(url)).toBe(true);
    }
  });
});
