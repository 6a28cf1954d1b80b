// HTML fragments WordPress stores in titles, term names and excerpts -> plain text.
import { decodeEntities } from '../content/entities.ts';
import { replaceComments, replaceElements, replaceTags } from './html-scan.ts';

/**
 * Drops tags (and script/style contents), decodes entities, collapses whitespace. Linear in the input
 * even when a tag, comment or element is never closed (see forward-search.ts).
 */
export function htmlToText(html: string): string {
  const withoutScripts = replaceElements(
    html,
    /<(script|style)\b/gi,
    (name) => new RegExp(`</${name}\\s*>`, 'i'),
    () => ' ',
  );
  // Block boundaries and line breaks separate words; inline tags do not.
  const withoutBlocks = replaceTags(
    replaceComments(withoutScripts, ' '),
    /<\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|td|th|figure|figcaption)\b/gi,
    ' ',
  );
  const withoutTags = replaceTags(withoutBlocks, /</g, '');
  return decodeEntities(withoutTags).replace(/\s+/g, ' ').trim();
}
