// Atom 1.0 validation: RFC 4287 RELAX NG schema via libxml2, plus prose rules the schema cannot express.
import { readFileSync } from 'node:fs';
import { attrOf, childrenOf, parseXml, textOf, type XmlNode, xmllintDiagnostics } from './xml.ts';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';

const rng = {
  fileName: 'atom.rng',
  contents: readFileSync(new URL('../fixtures/schemas/atom.rng', import.meta.url), 'utf8'),
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/** Validates an Atom document; returns schema errors then prose-rule errors (empty when valid). */
export async function validateAtom(xml: string): Promise<string[]> {
  const schemaErrors = await xmllintDiagnostics(xml, rng);
  if (schemaErrors.some((e) => /parser error|namespace error/.test(e))) return schemaErrors;
  return [...schemaErrors, ...atomProseErrors(parseXml(xml))];
}

/** RFC 4287 rules checked on the parsed tree (the schema's Schematron annotations are not enforced by libxml2). */
export function atomProseErrors(doc: XmlNode): string[] {
  const rootName = Object.keys(doc).find((k) => /^([\w.-]+:)?feed$/.test(k));
  if (!rootName) return ['root element is not atom:feed'];
  const feed = doc[rootName] as XmlNode;
  const prefix = rootName.includes(':') ? rootName.slice(0, rootName.indexOf(':') + 1) : '';
  if (attrOf(feed, prefix ? `xmlns:${prefix.slice(0, -1)}` : 'xmlns') !== ATOM_NS)
    return [`feed is not in the Atom namespace ${ATOM_NS}`];
  const el = (node: XmlNode, local: string) => childrenOf(node, prefix + local);
  const errors: string[] = [];

  const checkCommon = (node: XmlNode, where: string) => {
    for (const name of ['id', 'title', 'updated']) {
      const count = el(node, name).length;
      if (count !== 1) errors.push(`${where}: must have exactly one atom:${name} (found ${count})`);
    }
    for (const id of el(node, 'id')) {
      if (!ABSOLUTE_IRI.test(textOf(id).trim()))
        errors.push(`${where}: atom:id "${textOf(id)}" is not an absolute IRI (4.2.6)`);
    }
    for (const name of ['updated', 'published']) {
      for (const date of el(node, name)) {
        if (!RFC3339.test(textOf(date).trim()))
          errors.push(`${where}: atom:${name} "${textOf(date)}" is not an RFC 3339 date-time (3.3)`);
      }
    }
    const alternates = el(node, 'link').filter((l) => (attrOf(l, 'rel') ?? 'alternate') === 'alternate');
    const keys = alternates.map((l) => `${attrOf(l, 'type') ?? ''}|${attrOf(l, 'hreflang') ?? ''}`);
    if (new Set(keys).size !== keys.length)
      errors.push(`${where}: more than one alternate link with the same type and hreflang`);
  };

  checkCommon(feed, 'feed');
  if (!el(feed, 'link').some((l) => attrOf(l, 'rel') === 'self')) errors.push('feed: missing atom:link rel="self"');
  const feedHasAuthor = el(feed, 'author').length > 0;
  el(feed, 'entry').forEach((entry, i) => {
    const where = `entry[${i}]`;
    checkCommon(entry, where);
    const sourceAuthor = el(entry, 'source').some((s) => el(s, 'author').length > 0);
    if (!feedHasAuthor && el(entry, 'author').length === 0 && !sourceAuthor) {
      errors.push(`${where}: no atom:author in the entry, its source, or the feed (4.1.1)`);
    }
    const hasAlternate = el(entry, 'link').some((l) => (attrOf(l, 'rel') ?? 'alternate') === 'alternate');
    if (el(entry, 'content').length === 0 && !hasAlternate)
      errors.push(`${where}: no atom:content and no alternate link (4.1.2)`);
  });
  return errors;
}
