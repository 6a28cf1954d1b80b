// Splits an article file into its YAML frontmatter and body, and parses the YAML with line numbers.
// Written by hand because the split is four lines, and gray-matter would bring js-yaml and node:fs.
import { parseDocument } from 'yaml';
import { cleanText } from '../core/text.ts';
import { parseSimpleYaml } from './patches/yaml/simple-frontmatter.ts';
import { describeYamlErrors } from './yaml-problems.ts';

export type SplitFile = { ok: true; data: unknown; body: string } | { ok: false; problems: string[] };

const OPEN = /^\uFEFF?---[ \t]*\r?\n/;
// Lines end at \n only: with the m flag, ^ and $ also match at U+2028/U+2029, so a tag holding
// "\u2028---" would close the frontmatter early (found by tests/unit/property/feeds.test.ts).
const CLOSE = /(?<=^|\n)---[ \t]*(?=\r?\n|$)/;

/** The mapping `text` holds, or what is wrong with it: "field: line N: …" with the line numbered in the
 * file (`lineOffset` lines come before `text`: the frontmatter's opening ---). */
export function parseYaml(
  text: string,
  lineOffset = 0,
): { ok: true; data: unknown } | { ok: false; problems: string[] } {
  const simple = parseSimpleYaml(text);
  if (simple !== undefined) return { ok: true, data: cleanStrings(simple) };
  try {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, version: '1.2' });
    if (doc.errors.length > 0) return { ok: false, problems: describeYamlErrors(text, doc.errors, lineOffset) };
    // maxAliasCount: an alias bomb ("billion laughs") throws instead of growing without end.
    return { ok: true, data: cleanStrings(doc.toJS({ maxAliasCount: 100 })) };
  } catch {
    // The package gave up (an alias bomb), or the stack ran out on collections nested hundreds deep (in
    // the parser, or in cleanStrings): a problem for this file, never a failure of the whole load.
    return {
      ok: false,
      problems: ['frontmatter: YAML too deeply nested, or aliases that grow without end; write plain fields'],
    };
  }
}

/** Every string (keys included) without the characters XML cannot carry, so all formats agree. */
function cleanStrings(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanStrings);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    // fromEntries defines own properties, so a "__proto__" key stays a key (and is reported as unknown).
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanText(k), cleanStrings(v)]));
  }
  return value;
}

export function splitFrontmatter(text: string): SplitFile {
  const open = OPEN.exec(text);
  if (!open)
    return {
      ok: false,
      problems: ['frontmatter: the file must start with a line of three dashes (---)'],
    };
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close)
    return {
      ok: false,
      problems: ['frontmatter: no closing line of three dashes (---)'],
    };
  const yaml = rest.slice(0, close.index);
  const body = rest.slice(close.index + close[0].length).replace(/^\r?\n/, '');
  const parsed = parseYaml(yaml, 1);
  if (!parsed.ok) return parsed;
  if (parsed.data === null || parsed.data === undefined) return { ok: true, data: {}, body };
  if (typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    return {
      ok: false,
      problems: ['frontmatter: must be a YAML mapping of field: value'],
    };
  }
  return { ok: true, data: parsed.data, body };
}
