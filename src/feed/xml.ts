// Escape-by-construction XML text and attributes, the one place our XML documents get their escaping.
// Hand-written because `feed`/xml-js get it wrong (docs/architecture.md: unescaped attributes, `&amp;` folded
// to `&`, only the first `]]>` split). We never use CDATA: escaped text has no terminator to break.
import { cleanText } from '../core/text.ts';

// Native passes, not one regex with a callback per match: an HTML body holds hundreds of `<`, and a
// callback per match is most of a cold render's escaping (a fresh Workers isolate). `&` first.
// Character references keep CR, and tabs and newlines in attribute values, exact: a parser normalises
// them to spaces otherwise (XML 1.0 sections 2.11 and 3.3.3).
export function escapeText(text: string): string {
  const clean = cleanText(text);
  if (!NEEDS_TEXT_ESCAPE.test(clean)) return clean;
  return clean.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('\r', '&#13;');
}

export function escapeAttr(text: string): string {
  const clean = cleanText(text);
  if (!NEEDS_ATTR_ESCAPE.test(clean)) return clean;
  return clean
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;');
}

const NEEDS_TEXT_ESCAPE = /[&<>\r]/;
const NEEDS_ATTR_ESCAPE = /[&<>"\t\n\r]/;

type Attrs = Record<string, string | number | undefined>;

function attributes(attrs: Attrs): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) out += ` ${name}="${escapeAttr(String(value))}"`;
  }
  return out;
}

/** `<name attrs>escaped text</name>`, or nothing when text is undefined. */
export function textElement(name: string, text: string | undefined, attrs: Attrs = {}): string {
  if (text === undefined) return '';
  return `<${name}${attributes(attrs)}>${escapeText(text)}</${name}>`;
}

export function emptyElement(name: string, attrs: Attrs): string {
  return `<${name}${attributes(attrs)}/>`;
}

/** `<name attrs>children</name>` where children are already-serialised elements. */
export function parentElement(name: string, attrs: Attrs, children: string[]): string {
  return `<${name}${attributes(attrs)}>\n${children.filter(Boolean).join('\n')}\n</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

/** Shown by browsers that display a feed as raw XML: a person who opened it is not left stranded
 * (docs/feeds.md, "Opening a feed in a browser"). Static text, so it cannot break out of the comment. */
export const FEED_PREAMBLE = `${XML_DECLARATION}<!-- This is a web feed. To follow this site, copy this address into a feed reader (NetNewsWire, Feedly, Miniflux, newsboat...). The home page linked below explains how. -->\n`;
