// The importer's linear-time scanners give exactly what the regular expressions they replaced gave (those
// patterns are kept here as the reference), on random texts built from the pieces that matter to each:
// openers without terminators, terminators without openers, nesting, case, names cut at "-".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeSlug } from '../../../src/import/article-file.ts';
import { isCommentFormLine } from '../../../src/import/comment-form.ts';
import { removeCommentLines, replaceComments, replaceElements, replaceTags } from '../../../src/import/html-scan.ts';
import { breaksToBr, tokenize, trimBlanksAndBreaks } from '../../../src/import/paragraphs.ts';
import {
  attributePairs,
  replaceEscapedShortcodes,
  replaceNamedShortcodes,
  replacePairedShortcodes,
  replaceShortcodeTags,
} from '../../../src/import/shortcode-scan.ts';

const RUNS = { numRuns: 2000 };
const textOf = (pieces: readonly string[]) =>
  fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((parts) => parts.join(''));

const HTML = [
  '<!--',
  '-->',
  '<!-->',
  '--',
  '-',
  '>',
  '<',
  '</',
  '\n',
  ' ',
  '\t',
  'a',
  'x',
  '<pre',
  '<PRE>',
  '</pre>',
  '</Pre>',
  '<prex>',
  '<code>',
  '</code>',
  '<script>',
  '</script >',
  '</script>',
  '<style',
  '</style\n>',
  '<p',
  '<p>',
  '</p>',
  '<P class="x">',
  '<br/>',
  '<h1>',
  '<img src=x>',
  '<figcaption>',
  '<figure>',
];
const SHORTCODES = [
  '[',
  ']',
  '[/',
  '[[',
  ']]',
  'caption',
  'wp_caption',
  'embed',
  'audio',
  'video',
  'gallery',
  '[caption',
  '[/caption]',
  '[audio',
  '[/audio]',
  '[/video]',
  '[gallery',
  '[embed]',
  '[/embed]',
  'x',
  'a',
  'a-b',
  '[a-b',
  '[/a]',
  '[/a-b]',
  '[/x]',
  '-',
  '_',
  '1',
  ' ',
  '\n',
  '\t',
  '\u000b',
  '\u00a0',
  '\u2028',
  '\u001c',
  '=',
  '"',
  "'",
  'src=',
  '/',
];

/** Tags each replaced span so a wrong boundary cannot go unnoticed. */
const mark = (s: string) => `{${s}}`;

describe('HTML scanners agree with the patterns they replace', () => {
  it('replaceComments', () => {
    fc.assert(
      fc.property(textOf(HTML), (t) => {
        expect(replaceComments(t, ' ')).toBe(t.replace(/<!--[\s\S]*?-->/g, ' '));
      }),
      RUNS,
    );
  });

  it('removeCommentLines', () => {
    fc.assert(
      fc.property(textOf(HTML), (t) => {
        expect(removeCommentLines(t)).toBe(t.replace(/^[ \t]*<!--(?:(?!-->)[\s\S])*-->[ \t]*(?:\n|$)/gm, ''));
      }),
      RUNS,
    );
  });

  it('replaceElements: pre and code', () => {
    fc.assert(
      fc.property(textOf(HTML), (t) => {
        expect(replaceElements(t, /<(pre|code)\b/gi, (name) => new RegExp(`</${name}>`, 'i'), mark)).toBe(
          t.replace(/<(pre|code)\b[\s\S]*?<\/\1>/gi, mark),
        );
      }),
      RUNS,
    );
  });

  it('replaceElements: script and style', () => {
    fc.assert(
      fc.property(textOf(HTML), (t) => {
        expect(replaceElements(t, /<(script|style)\b/gi, (name) => new RegExp(`</${name}\\s*>`, 'i'), mark)).toBe(
          t.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, mark),
        );
      }),
      RUNS,
    );
  });

  it('replaceTags', () => {
    const blocks = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|td|th|figure|figcaption)\b/gi;
    fc.assert(
      fc.property(textOf(HTML), (t) => {
        expect(replaceTags(t, blocks, ' ')).toBe(
          t.replace(/<\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|td|th|figure|figcaption)\b[^>]*>/gi, ' '),
        );
        expect(replaceTags(t, /</g, '')).toBe(t.replace(/<[^>]*>/g, ''));
      }),
      RUNS,
    );
  });

  it('tokenize', () => {
    const reference = (html: string) => {
      const parts: string[] = [];
      let last = 0;
      for (const m of html.matchAll(/<!--[\s\S]*?-->|<\/?[a-zA-Z][^>]*>/g)) {
        if (m.index > last) parts.push(`text:${html.slice(last, m.index)}`);
        parts.push(`tag:${m[0]}`);
        last = m.index + m[0].length;
      }
      if (last < html.length) parts.push(`text:${html.slice(last)}`);
      return parts;
    };
    fc.assert(
      fc.property(textOf(HTML), (t) => {
        expect(tokenize(t).map((token) => `${token.kind}:${token.text}`)).toEqual(reference(t));
      }),
      RUNS,
    );
  });

  it('trimBlanksAndBreaks and breaksToBr', () => {
    fc.assert(
      fc.property(textOf(['\u0000', ' ', '\t', 'a', '\n']), (t) => {
        expect(trimBlanksAndBreaks(t)).toBe(t.replace(/^[\u0000 \t]+|[\u0000 \t]+$/g, ''));
        expect(breaksToBr(t)).toBe(t.replace(/[ \t]*\u0000/g, '<br />\n'));
      }),
      RUNS,
    );
  });
});

describe('shortcode scanners agree with the patterns they replace', () => {
  const show = (...parts: (string | undefined)[]) => `{${parts.map((p) => p ?? '∅').join('|')}}`;

  it('replaceEscapedShortcodes', () => {
    fc.assert(
      fc.property(textOf(SHORTCODES), (t) => {
        expect(replaceEscapedShortcodes(t, mark)).toBe(
          t.replace(/\[(\[[^\]]*\])\]/g, (_, inner: string) => mark(inner)),
        );
      }),
      RUNS,
    );
  });

  it('replaceNamedShortcodes, with a required, optional or no closing tag', () => {
    fc.assert(
      fc.property(textOf(SHORTCODES), (t) => {
        const named = (closing: 'none' | 'optional' | 'required', opener: RegExp) =>
          replaceNamedShortcodes(t, opener, closing, show);
        expect(named('required', /\[(caption|wp_caption)\b/g)).toBe(
          t.replace(/\[(caption|wp_caption)\b([^\]]*)\]([\s\S]*?)\[\/\1\]/g, (_, n, a, i) => show(n, a, i)),
        );
        expect(named('required', /\[(embed)\b/g)).toBe(
          t.replace(/\[(embed)\b([^\]]*)\]([\s\S]*?)\[\/embed\]/g, (_, n, a, i) => show(n, a, i)),
        );
        expect(named('optional', /\[(audio|video)\b/g)).toBe(
          t.replace(/\[(audio|video)\b([^\]]*)\](?:([\s\S]*?)\[\/\1\])?/g, (_, n, a, i) => show(n, a, i)),
        );
        expect(named('none', /\[(gallery)\b/g)).toBe(
          t.replace(/\[(gallery)\b([^\]]*)\]/g, (_, n, a) => show(n, a, undefined)),
        );
      }),
      RUNS,
    );
  });

  it('replacePairedShortcodes, names cut at "-" included', () => {
    expect(replacePairedShortcodes('[a-b]x[/a]', show)).toBe('{a|-b|x}');
    fc.assert(
      fc.property(textOf(SHORTCODES), (t) => {
        expect(replacePairedShortcodes(t, show)).toBe(
          t.replace(/\[([a-zA-Z][\w-]*)\b([^\]]*)\]([\s\S]*?)\[\/\1\]/g, (_, n, a, i) => show(n, a, i)),
        );
      }),
      RUNS,
    );
  });

  it('replaceShortcodeTags', () => {
    fc.assert(
      fc.property(textOf(SHORTCODES), (t) => {
        expect(replaceShortcodeTags(t, show)).toBe(
          t.replace(/\[\/?([a-zA-Z][\w-]*)((?:\s[^\]]*)?)\]/g, (w, n, a) => show(w, n, a)),
        );
      }),
      RUNS,
    );
  });

  it('attributePairs', () => {
    fc.assert(
      fc.property(textOf([...SHORTCODES, 'id', 'ids="1,2"', "caption='A'", ' = ', '\t']), (t) => {
        const reference = [...t.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))/g)].map((m) => [
          m[1],
          m[2] ?? m[3] ?? m[4] ?? '',
        ]);
        expect(attributePairs(t)).toEqual(reference);
      }),
      RUNS,
    );
  });
});

describe('rewritten string helpers agree with the code they replaced', () => {
  it('sanitizeSlug, for slugs within the length cap', () => {
    const reference = (raw: string) =>
      raw
        .normalize('NFC')
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}_-]+/gu, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^[-_]+|[-_]+$/g, '');
    fc.assert(
      fc.property(textOf(['-', '_', '.', '/', '..', ' ', 'A', 'é', '東', '%', '\u0301']), (t) => {
        expect(sanitizeSlug(t)).toBe(reference(t));
      }),
      RUNS,
    );
  });

  it('isCommentFormLine', () => {
    const phrases = [
      /^be the first to comment/,
      /^leave a (?:reply|comment)/,
      /^cancel reply/,
      /^your email address will not be published\.?/,
      /^required fields are marked \*?/,
      /^save my name, email, and website in this browser for the next time i comment\.?/,
      /^notify me of (?:follow-up comments|new posts) by email\.?/,
      /^this site uses akismet to reduce spam\.?/,
      /^learn how your comment data is processed\.?/,
      /^post comment/,
      /^(?:comment|name|email|website)(?: \*)?(?![\p{L}\p{N}])/u,
      /^(?:\d+|no|one) (?:comments?|responses?|replies)(?![\p{L}\p{N}])/u,
      /^\u0394(?![\p{L}\p{N}])/u,
    ];
    const reference = (line: string) => {
      let rest = line
        .normalize('NFC')
        .replace(/[\u2019]/g, "'")
        .replace(/\s+/g, ' ')
        .trim()
        .toLowerCase();
      if (rest === '') return false;
      while (rest !== '') {
        const phrase = phrases.find((p) => p.test(rest));
        if (!phrase) return false;
        rest = rest.replace(phrase, '').replace(/^[\s.:|\-\u2013\u2014]+/, '');
      }
      return true;
    };
    const pieces = [
      'Leave a Reply',
      'leave a comment',
      'Cancel reply',
      'Your email address will not be published.',
      'Required fields are marked *',
      'Post Comment',
      'This site uses Akismet to reduce spam.',
      'Name *',
      'Email',
      'Website',
      'names',
      '3 Comments',
      'no replies',
      'Δ',
      'Δx',
      ' ',
      ' | ',
      ': ',
      '—',
      '.',
      'hello',
    ];
    fc.assert(
      fc.property(textOf(pieces), (t) => {
        expect(isCommentFormLine(t)).toBe(reference(t));
      }),
      RUNS,
    );
  });
});
