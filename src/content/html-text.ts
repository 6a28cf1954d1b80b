// The text of an HTML fragment, as a reader would read it aloud: a body's first paragraph (the summary
// when frontmatter gives none), and the titles, term names and excerpts WordPress stores as HTML. A real
// HTML tokenizer (htmlparser2, which sanitize-html is built on) decides what is a tag, so `a < b` stays
// text, and an unclosed comment or tag costs linear time. Character references are decoded by
// entities.ts (strictly: a name unknown as written stays as written).
import { Parser } from 'htmlparser2';
import { decodeEntities } from './entities.ts';

/** Elements whose content is not text to read. */
const NOT_TEXT = new Set(['script', 'style', 'template', 'noscript', 'textarea', 'title']);
/** Elements whose boundaries separate words (a line break, a paragraph, a cell); inline tags do not. */
const BOUNDARIES = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

/** Tags dropped, script and style contents too, entities decoded, white space collapsed. */
export function htmlToText(html: string): string {
  let out = '';
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (NOT_TEXT.has(name)) skipping++;
        else if (BOUNDARIES.has(name)) out += ' ';
      },
      onclosetag(name) {
        if (NOT_TEXT.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BOUNDARIES.has(name)) out += ' ';
      },
      ontext(text) {
        if (skipping === 0) out += text;
      },
    },
    { decodeEntities: false, lowerCaseTags: true },
  );
  parser.end(html);
  return decodeEntities(out).replace(/\s+/g, ' ').trim();
}
