// Escape-by-construction XML text and attributes, the one place our XML documents get their escaping.
// Hand-written because `feed`/xml-js get it wrong (../PITFALLS: unescaped attributes, `&amp;` folded
// to `&`, only the first `]]>` split). We never use CDATA: escaped text has no terminator to break.
import { cleanText } from '../store/text.ts';

const TEXT = /[&<>\r]/g;
const ATTR = /[&<>"\t\n\r]/g;
const REF: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // Character references keep these exact: a parser normalises literal CR, and tabs or newlines in
  // attribute values to spaces (XML 1.0 sections 2.11 and 3.3.3).
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

export function escapeText(text: string): string {
  return cleanText(text).replace(TEXT, (c) => REF[c] as string);
}

export function escapeAttr(text: string): string {
  return cleanText(text).replace(ATTR, (c) => REF[c] as string);
}

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
 * (README "Opening a feed in a browser"). Static text, so it cannot break out of the comment. */
export const FEED_PREAMBLE = `${XML_DECLARATION}<!-- This is a web feed. To follow this site, copy this address into a feed reader (NetNewsWire, Feedly, Miniflux, newsboat...). The home page linked below explains how. -->\n`;
