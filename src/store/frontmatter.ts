// Splits an article file into its YAML frontmatter and body, and parses the YAML with line numbers.
// Written by hand because the split is four lines, and gray-matter would bring js-yaml and node:fs.
import { parseDocument } from 'yaml';

export type SplitFile = { ok: true; data: unknown; body: string } | { ok: false; problems: string[] };

const OPEN = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSE = /^---[ \t]*$/m;

export function parseYaml(
  text: string,
  lineOffset = 0,
): { ok: true; data: unknown } | { ok: false; problems: string[] } {
  const doc = parseDocument(text, {
    prettyErrors: false,
    uniqueKeys: true,
    version: '1.2',
  });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const line = (e.linePos?.[0]?.line ?? 0) + lineOffset;
        const first = e.message.split('\n')[0] ?? e.message;
        return `YAML syntax error at line ${line}: ${first.replace(/ at line \d+, column \d+:?$/, '')}`;
      }),
    };
  }
  return { ok: true, data: doc.toJS({ maxAliasCount: 100 }) };
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
