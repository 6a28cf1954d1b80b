// Classic-editor WordPress text (paragraphs as blank lines, line breaks as bare newlines) -> HTML with
// <p> and <br />, as readers saw it on the site. Our own tokenizer-based take on what WordPress does
// at display time: text runs outside block elements become paragraphs, block markup stays as written.
import { createFinder } from './forward-search.ts';

// Elements that end a paragraph. Inside the first group text gets paragraphs of its own; inside the
// others (list items, cells, headings, captions) text stays inline, and <pre> is kept verbatim.
const CONTAINERS = new Set([
  'blockquote',
  'div',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'nav',
  'details',
  'form',
  'main',
]);
const BLOCKS = new Set([
  ...CONTAINERS,
  'address',
  'dl',
  'dd',
  'dt',
  'fieldset',
  'legend',
  'figure',
  'figcaption',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'ol',
  'ul',
  'p',
  'pre',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'colgroup',
  'col',
  'summary',
  'menu',
  'hgroup',
  'iframe',
  'video',
  'audio',
  'object',
  'style',
  'script',
]);
const VERBATIM = new Set(['pre', 'script', 'style']);

export type Token = { kind: 'text'; text: string } | { kind: 'tag'; text: string; name: string; closing: boolean };

/**
 * Comments, and tags (which may span lines: a newline inside a tag is not a line break): the tokens of
 * /<!--[\s\S]*?-->|<\/?[a-zA-Z][^>]*>/g, found with forward searches so that an unterminated comment
 * or tag costs one scan, not one per later "<" (see forward-search.ts).
 */
export function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  const commentEnd = createFinder(html, '-->');
  const tagEnd = createFinder(html, '>');
  let last = 0;
  let from = 0;
  for (;;) {
    const open = html.indexOf('<', from);
    if (open < 0) break;
    from = open + 1;
    // Both kinds of token end with ">": without one ahead, the rest is text.
    if (!tagEnd(open + 1)) break;
    let end: number | undefined;
    if (html.startsWith('<!--', open)) end = commentEnd(open + 4)?.end;
    else {
      const nameAt = html.charCodeAt(open + 1) === 0x2f /* / */ ? open + 2 : open + 1;
      const c = html.charCodeAt(nameAt) | 0x20;
      if (c >= 0x61 && c <= 0x7a /* a-z, either case */) end = tagEnd(nameAt + 1)?.end;
    }
    if (end === undefined) continue;
    if (open > last) tokens.push({ kind: 'text', text: html.slice(last, open) });
    const text = html.slice(open, end);
    const name = /^<\/?([a-zA-Z][\w-]*)/.exec(text)?.[1]?.toLowerCase() ?? '';
    tokens.push({ kind: 'tag', text, name, closing: text.startsWith('</') });
    last = from = end;
  }
  if (last < html.length) tokens.push({ kind: 'text', text: html.slice(last) });
  return tokens;
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const isBlankOrBreak = (c: string | undefined) => c === ' ' || c === '\t' || c === '\u0000';

/** c.replace(/^[\u0000 \t]+|[\u0000 \t]+$/g, ''), by index: the "$" half of that pattern is retried from
 * every character of a long inner run of spaces, which is quadratic in the run. */
export function trimBlanksAndBreaks(c: string): string {
  let start = 0;
  let end = c.length;
  while (start < end && isBlankOrBreak(c[start])) start++;
  while (end > start && isBlankOrBreak(c[end - 1])) end--;
  return c.slice(start, end);
}

/** c.replace(/[ \t]*\u0000/g, '<br />\n'), by index: that pattern is retried from every space of a long
 * run that no \u0000 ends. */
export function breaksToBr(c: string): string {
  let out = '';
  let kept = 0;
  for (;;) {
    const mark = c.indexOf('\u0000', kept);
    if (mark < 0) break;
    let start = mark;
    while (start > kept && isBlank(c[start - 1])) start--;
    out += `${c.slice(kept, start)}<br />\n`;
    kept = mark + 1;
  }
  return out + c.slice(kept);
}

/** Turn a run of inline content (text and inline tags) into paragraphs split at blank lines of text. */
function flush(parts: Token[], topLevel: boolean): string {
  const raw = parts.map((t) => (t.kind === 'text' ? t.text.replace(/\n/g, '\u0000') : t.text)).join('');
  // Split on blank lines found in text only (marked \u0000 above), then restore text newlines. Blank
  // means ASCII spaces and tabs only: a no-break space alone on its line is content.
  const chunks = raw
    .split(/\u0000[ \t]*\u0000(?:[ \t]*\u0000)*/)
    .map(trimBlanksAndBreaks)
    .filter((c) => c !== '');
  const out = chunks.map((c) => `<p>${breaksToBr(c)}</p>`);
  return out.length ? out.join('\n') + (topLevel ? '\n' : '') : '';
}

export function addParagraphs(input: string): string {
  const text = input.replace(/\r\n?/g, '\n').replace(/<br\s*\/?>\s*<br\s*\/?>/gi, '\n\n');
  if (text.trim() === '') return '';
  const tokens = tokenize(text);
  let out = '';
  let inline: Token[] = [];
  // The innermost open block element, or undefined at the top level.
  const stack: string[] = [];
  const paragraphsHere = () => stack.length === 0 || CONTAINERS.has(stack[stack.length - 1] as string);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const top = stack[stack.length - 1];
    if (top && VERBATIM.has(top)) {
      out += token.text;
      if (token.kind === 'tag' && token.closing && token.name === top) {
        stack.pop();
        if (stack.length === 0) out += '\n';
      }
      continue;
    }
    if (token.kind === 'tag' && BLOCKS.has(token.name)) {
      out += paragraphsHere() ? flush(inline, stack.length === 0) : inline.map((t) => t.text).join('');
      inline = [];
      out += token.text;
      const selfClosing = token.text.endsWith('/>') || token.name === 'hr' || token.name === 'col';
      if (token.closing) {
        if (stack[stack.length - 1] === token.name) stack.pop();
        if (stack.length === 0) out += '\n';
      } else if (selfClosing) {
        if (stack.length === 0) out += '\n';
      } else {
        stack.push(token.name);
      }
      continue;
    }
    if (!paragraphsHere()) {
      out += token.text;
      continue;
    }
    if (token.kind === 'text' && inline.length === 0 && token.text.trim() === '') continue;
    inline.push(token);
  }
  out += paragraphsHere() ? flush(inline, stack.length === 0) : inline.map((t) => t.text).join('');
  return out;
}
