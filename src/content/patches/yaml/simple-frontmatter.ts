// A fast path past the `yaml` package (2.9.1, pinned exactly in package.json) for the frontmatter almost
// every article has: one `key: value` per line, values quoted strings, plain words, booleans or flow
// lists of those. Anything else returns undefined and goes to `yaml`, which also owns every error
// message. It must give exactly what `yaml` gives (YAML 1.2 core schema): simple-frontmatter.test.ts
// beside this file checks it against the package on generated and hostile frontmatter. What it saves,
// measured, is in docs/architecture.md.

const KEY_LINE = /^([A-Za-z][A-Za-z0-9_-]*):(?: +(.*))?$/;
// Characters that never need a closer look inside quotes: no escapes, controls, line separators,
// BOM or lone surrogates (YAML and XML disagree about some of them; `yaml` decides). With the u flag
// a surrogate pair is one character, so emoji stay on the fast path.
const QUOTED_SAFE = /^[^\\\u0000-\u001f\u007f-\u009f\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]*$/u;
const DOUBLE = /^"([^"]*)" *$/;
const SINGLE = /^'((?:[^']|'')*)' *$/;
// Plain scalars that are strings under any reading: they start with a letter or digit, hold no
// indicator that could start a comment, alias, tag, anchor, collection or quote, and no ": ".
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9 _.,:+\-/()?!=]*$/;
// Inside a flow list also no ",", ":" or brackets.
const PLAIN_IN_FLOW = /^[A-Za-z0-9][A-Za-z0-9 _.+\-/()?!=]*$/;
// The core schema's null, bool, int and float (yaml/dist/schema/core): never strings.
const CORE_NOT_STRING =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;

type Simple = string | boolean | string[];

// YAML's white space is the space and the tab (YAML 1.2 section 5.5, s-white): a no-break space or any
// other Unicode space is content, which String#trim would drop.
const trimEnd = (text: string) => text.replace(/[ \t]+$/, '');
const trim = (text: string) => trimEnd(text).replace(/^[ \t]+/, '');

function plain(text: string, pattern: RegExp): string | undefined {
  const value = trimEnd(text);
  if (!pattern.test(value) || value.endsWith(':') || value.includes(': ') || CORE_NOT_STRING.test(value)) {
    return undefined;
  }
  return value;
}

function quoted(text: string): string | undefined {
  if (!QUOTED_SAFE.test(text)) return undefined;
  const double = DOUBLE.exec(text);
  if (double) return double[1];
  const single = SINGLE.exec(text);
  return single ? (single[1] as string).replaceAll("''", "'") : undefined;
}

function scalar(text: string): string | boolean | undefined {
  if (text.startsWith('"') || text.startsWith("'")) return quoted(text);
  if (TRUE.test(trimEnd(text))) return true;
  if (FALSE.test(trimEnd(text))) return false;
  return plain(text, PLAIN);
}

function flowList(text: string): string[] | undefined {
  const value = trimEnd(text);
  if (!value.endsWith(']')) return undefined;
  const inner = trim(value.slice(1, -1));
  if (inner === '') return [];
  const items: string[] = [];
  // Quoted items may hold commas: walk the text instead of splitting it.
  let at = 0;
  while (at <= inner.length) {
    let item: string | undefined;
    let end: number;
    const first = inner[at];
    if (first === '"' || first === "'") {
      end = first === '"' ? inner.indexOf('"', at + 1) : singleEnd(inner, at + 1);
      if (end < 0) return undefined;
      item = quoted(inner.slice(at, end + 1));
      end += 1;
    } else {
      end = inner.indexOf(',', at);
      if (end < 0) end = inner.length;
      item = plain(inner.slice(at, end), PLAIN_IN_FLOW);
    }
    if (item === undefined) return undefined;
    items.push(item);
    while (inner[end] === ' ') end += 1;
    if (end === inner.length) return items;
    if (inner[end] !== ',') return undefined;
    end += 1;
    while (inner[end] === ' ') end += 1;
    // "[a, ]" and "[a,,b]" are for `yaml` to judge.
    if (end === inner.length || inner[end] === ',') return undefined;
    at = end;
  }
  return undefined;
}

/** Index of the quote closing a single-quoted scalar that opened before `from` ('' is an escaped quote). */
function singleEnd(text: string, from: number): number {
  let at = from;
  for (;;) {
    const quote = text.indexOf("'", at);
    if (quote < 0 || text[quote + 1] !== "'") return quote;
    at = quote + 2;
  }
}

/**
 * The mapping `text` holds when it is simple enough to read without a YAML parser; undefined
 * otherwise (including for everything `yaml` would report as an error).
 */
export function parseSimpleYaml(text: string): Record<string, Simple> | undefined {
  if (text.includes('\r') || text.includes('\t')) return undefined;
  const data: Record<string, Simple> = {};
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    if (trim(line) === '') continue;
    const match = KEY_LINE.exec(line);
    if (!match) return undefined;
    const key = match[1] as string;
    const raw = match[2];
    // An empty value is null or the start of a nested block: `yaml`'s business.
    if (raw === undefined || trim(raw) === '' || seen.has(key)) return undefined;
    seen.add(key);
    const value = raw.startsWith('[') ? flowList(raw) : scalar(raw);
    if (value === undefined) return undefined;
    data[key] = value;
  }
  return seen.size > 0 ? data : undefined;
}
