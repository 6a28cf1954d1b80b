// XML test support: fast-xml-parser tree with exact XML entity decoding, plus libxml2 well-formedness checks.
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';

/** A parsed element: `@name` attributes, `#text` text, child elements by qualified name (string when text-only). */
// biome-ignore lint/suspicious/noExplicitAny: parsed XML is dynamically shaped; tests drill into it freely.
export type XmlNode = Record<string, any>;

/** Local names (prefix ignored) that always parse to arrays, even when they occur once. */
export const REPEATABLE = new Set([
  'item',
  'entry',
  'link',
  'category',
  'author',
  'contributor',
  'enclosure',
  'creator',
]);

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REF = /&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;

/** Decodes the 5 XML entities and numeric references in one pass; anything else (e.g. &nbsp;) stays literal. */
export function decodeXmlText(text: string): string {
  return text.replace(REF, (ref, hex?: string, dec?: string, name?: string) => {
    if (name) return XML_ENTITIES[name] ?? ref;
    const cp = Number.parseInt((hex ?? dec) as string, hex ? 16 : 10);
    return cp > 0x10ffff ? ref : String.fromCodePoint(cp);
  });
}

// fast-xml-parser's built-in decoder leaves numeric references undecoded unless htmlEntities is on
// (which would also decode HTML names), so plug in an XML-only decoder.
const entityDecoder = {
  decode: decodeXmlText,
  reset() {},
  setXmlVersion() {},
  addInputEntities() {},
  setExternalEntities() {},
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  entityDecoder,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATABLE.has(name.slice(name.indexOf(':') + 1)),
});

function dropLayoutWhitespace(node: XmlNode): XmlNode {
  for (const [key, value] of Object.entries(node)) {
    if (key === '#text') continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === 'object') dropLayoutWhitespace(child);
    }
  }
  const hasChildElements = Object.keys(node).some((k) => !k.startsWith('@') && k !== '#text');
  if (hasChildElements && typeof node['#text'] === 'string' && node['#text'].trim() === '') delete node['#text'];
  return node;
}

/** Parses XML into a tree; text is kept verbatim (untrimmed, CDATA merged), values are never coerced to numbers. */
export function parseXml(xml: string): XmlNode {
  return dropLayoutWhitespace(parser.parse(xml) as XmlNode);
}

/** Children with the given qualified name, always as an array. */
export function childrenOf(node: unknown, name: string): XmlNode[] {
  if (!node || typeof node !== 'object') return [];
  const value = (node as XmlNode)[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'object' ? v : { '#text': v }));
}

/** Text content of an element (string or `{#text}`), '' when absent. */
export function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && typeof (node as XmlNode)['#text'] === 'string')
    return (node as XmlNode)['#text'];
  return '';
}

/** Attribute value or undefined. */
export function attrOf(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const value = (node as XmlNode)[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** Runs libxml2 (xmllint-wasm) over the document; returns its diagnostics, one per line (empty when clean). */
export async function xmllintDiagnostics(
  xml: string,
  schema?: { fileName: string; contents: string },
): Promise<string[]> {
  let output: string;
  let valid = false;
  try {
    const result = await validateXML({
      xml: [{ fileName: 'feed.xml', contents: xml }],
      ...(schema ? { schema: [schema], extension: 'relaxng' as const } : {}),
    } as Parameters<typeof validateXML>[0]);
    output = result.rawOutput;
    valid = result.valid;
  } catch (error) {
    output = error instanceof Error ? error.message : String(error);
  }
  const lines = output.split('\n').filter((l) => /^feed\.xml:\d+:/.test(l));
  if (lines.length === 0 && !valid) return [output.trim() || 'xmllint failed without output'];
  return [...new Set(lines.map((l) => l.replace(/^feed\.xml:(\d+): /, 'line $1: ')))];
}

/** Throws with libxml2's messages unless the document is well-formed and namespace-well-formed. */
export async function assertWellFormed(xml: string): Promise<void> {
  const errors = await xmllintDiagnostics(xml);
  if (errors.length > 0) throw new Error(`XML is not well-formed:\n${errors.join('\n')}`);
}
