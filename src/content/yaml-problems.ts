// What a YAML syntax error means for a publisher, and what to type instead. The yaml package's errors
// are told apart by their code and by the text at their position, never by the package's wording;
// each is reported at the line where the mistake is, named by its field: a quote or bracket left open
// is reported where it opened, not where the parser finally gave up, lines or fields later.
import { CST, Parser, type YAMLError } from 'yaml';

/** A mistake at an offset of the text, and what to do about it. */
interface Mistake {
  offset: number;
  message: string;
}

// `key:` at the start of a line, after its indentation and an optional list dash; a plain or quoted key.
const KEY_LINE = /^([ \t]*)(?:- +)?("[^"]*"|'[^']*'|[^\s#:'"][^:]*?)[ \t]*:(?:[ \t]+(.*))?$/;

class Lines {
  readonly lines: string[];
  private readonly starts: number[] = [0];

  constructor(
    text: string,
    private readonly offset: number,
  ) {
    this.lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }

  /** Index of the line holding `pos`; a position past the end is on the last line that holds text. */
  index(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= pos) lo = mid;
      else hi = mid - 1;
    }
    while (lo > 0 && (this.lines[lo] ?? '').trim() === '') lo--;
    return lo;
  }

  column(pos: number): number {
    return pos - (this.starts[this.index(pos)] as number);
  }

  /** The line number a publisher sees in the file. */
  number(index: number): number {
    return index + 1 + this.offset;
  }

  text(index: number): string {
    return this.lines[index] ?? '';
  }

  /** The field the line at `index` belongs to, with its parents ("author.name"), if it names one. */
  field(index: number): string | undefined {
    let at = index;
    while (at >= 0 && !KEY_LINE.test(this.text(at))) at--;
    const own = at >= 0 ? KEY_LINE.exec(this.text(at)) : null;
    if (!own) return undefined;
    const path = [unquoteKey(own[2] as string)];
    let indent = (own[1] as string).length;
    for (let j = at - 1; j >= 0 && indent > 0; j--) {
      const parent = KEY_LINE.exec(this.text(j));
      if (parent && (parent[1] as string).length < indent) {
        path.unshift(unquoteKey(parent[2] as string));
        indent = (parent[1] as string).length;
      }
    }
    return path.join('.');
  }

  /** The key and raw value written on the line at `index`, when it is a `key: value` line. */
  pair(index: number): { key: string; value: string } | undefined {
    const match = KEY_LINE.exec(this.text(index));
    const value = match?.[3]?.trimEnd();
    return match && value ? { key: unquoteKey(match[2] as string), value } : undefined;
  }
}

const unquoteKey = (key: string) => (/^(["']).*\1$/.test(key) ? key.slice(1, -1) : key);

/** `value` as a YAML quoted scalar that reads back as exactly `value`. */
function quote(value: string): string {
  if (!value.includes('"') && !value.includes('\\')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** "put the value in quotes: title: "…"" for the line at `index`, or a plain request when it holds no value. */
function quoteAdvice(lines: Lines, index: number): string {
  const pair = lines.pair(index);
  return pair ? `put the value in quotes: ${pair.key}: ${quote(pair.value)}` : 'put the value in quotes';
}

function isClosedQuote(source: string): boolean {
  if (source.length < 2) return false;
  if (source[0] === '"') {
    // Closed by a " that no backslash escapes.
    const escapes = /\\*(?="$)/.exec(source.slice(1))?.[0].length ?? 0;
    return source.endsWith('"') && escapes % 2 === 0;
  }
  // In '…' a quote is written '': an odd run of quotes at the end closes the value.
  const run = /'*$/.exec(source.slice(1))?.[0].length ?? 0;
  return run % 2 === 1;
}

/** Quotes and brackets that were never closed. (The yaml lexer ends a quoted value at the first line
 * indented no deeper than its field, so a quote left open before the next field is "never closed".) */
function findCauses(text: string): Mistake[] {
  const causes: Mistake[] = [];
  const look = (token: CST.Token | null | undefined) => {
    if (!token) return;
    if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
      if (!isClosedQuote(token.source)) {
        causes.push({
          offset: token.offset,
          message: `the quote opened here is never closed; end the value with ${token.source[0]} on this line`,
        });
      }
    } else if (token.type === 'flow-collection') {
      const ends = token.start.type === 'flow-seq-start' ? 'flow-seq-end' : 'flow-map-end';
      if (!token.end.some((t) => t.type === ends)) {
        const [open, close, what] = token.start.type === 'flow-seq-start' ? ['[', ']', 'list'] : ['{', '}', 'mapping'];
        causes.push({
          offset: token.offset,
          message: `the ${open} opened here is never closed; end the ${what} with ${close}`,
        });
      }
    }
  };
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      look(item.key);
      look(item.value);
    });
  }
  return causes.sort((a, b) => a.offset - b.offset);
}

/** What to do about one error, from its code and the text at its position. */
function advise(error: YAMLError, lines: Lines, index: number): string {
  const line = lines.text(index);
  const at = line[lines.column(error.pos[0])] ?? '';
  const pair = lines.pair(index);
  switch (error.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      if (pair?.value.endsWith(':')) {
        return `the value ends with ":", which YAML reads as the start of another field; ${quoteAdvice(lines, index)}`;
      }
      if (pair) {
        return `the value holds ": " (a colon and a space), which YAML reads as the start of another field; ${quoteAdvice(lines, index)}`;
      }
      return 'a list cannot be a field name; check the indentation of this line';
    case 'MULTILINE_IMPLICIT_KEY': {
      const glued = /^( *)([^\s:#]+):(\S.*)$/.exec(line);
      if (glued) return `a space must follow the colon: ${glued[2]}: ${glued[3]}`;
      return 'every line must be "field: value" (a name, a colon and a space, then the value), or continue the value of the field above, indented';
    }
    case 'DUPLICATE_KEY': {
      const key = lines.pair(index)?.key ?? KEY_LINE.exec(line)?.[2];
      const indent = KEY_LINE.exec(line)?.[1]?.length ?? 0;
      for (let j = index - 1; j >= 0; j--) {
        const earlier = KEY_LINE.exec(lines.text(j));
        if (earlier && unquoteKey(earlier[2] as string) === key && (earlier[1] as string).length === indent) {
          return `is given twice (first on line ${lines.number(j)}); keep one`;
        }
      }
      return 'is given twice; keep one';
    }
    case 'TAB_AS_INDENT':
      return 'a tab indents this line; YAML indents with spaces only';
    case 'BAD_INDENT':
      return 'this line is indented differently from the fields around it; fields of one level start at the same column';
    case 'BAD_SCALAR_START':
    case 'BAD_DIRECTIVE':
      return `a value cannot start with ${at || 'this character'} in YAML; ${quoteAdvice(lines, index)}`;
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
    case 'MULTIPLE_ANCHORS':
    case 'MULTIPLE_TAGS':
    case 'BAD_PROP_ORDER':
      return `a value that starts with & or * (or holds one after !) is a YAML anchor or alias; ${quoteAdvice(lines, index)}`;
    case 'BAD_DQ_ESCAPE': {
      const inner = pair && /^"(.*)"$/.exec(pair.value)?.[1];
      const advice = inner && !inner.includes("'") ? `, or use single quotes: ${pair.key}: '${inner}'` : '';
      return `a backslash inside "…" starts an escape such as \\n, and this one is not valid; write \\\\ for a backslash${advice}`;
    }
    case 'UNEXPECTED_TOKEN':
      if (at === '-' && pair) {
        return `"- " starts a list, which cannot begin on the line of its field: write ${pair.key}: [a, b], or each "- item" on a line of its own below; for text, ${quoteAdvice(lines, index)}`;
      }
      if (pair && (pair.value.startsWith('"') || pair.value.startsWith("'"))) {
        const mark = pair.value[0] as string;
        const inner = pair.value.endsWith(mark) ? pair.value.slice(1, -1) : undefined;
        const other =
          mark === '"'
            ? `write it \\" or quote the value with '…' instead`
            : `write it '' or quote the value with "…" instead`;
        const example = inner ? `: ${pair.key}: ${quote(inner)}` : '';
        return `text follows the closing quote; to have a ${mark} inside the value, ${other}${example}`;
      }
      return `unexpected text at column ${lines.column(error.pos[0]) + 1}; ${quoteAdvice(lines, index)}`;
    case 'MISSING_CHAR':
      if (at === '#')
        return 'a # starts a comment only after a space; put a space before it, or put the value in quotes';
      if (/[[{]/.test(line)) return 'a comma, colon or bracket is missing in the [list] or {mapping} on this line';
      return 'a character is missing here: check the quotes, brackets and the space after each colon';
    case 'BLOCK_IN_FLOW':
      return 'inside [ ] or { } the items are separated by commas and cannot be indented blocks';
    case 'KEY_OVER_1024_CHARS':
      return 'a field name is longer than 1024 characters: a value that long belongs after "field: "';
    case 'MULTIPLE_DOCS':
      return 'a line of --- starts a second YAML document here; remove it';
    default:
      return `YAML cannot read this line (${error.code})`;
  }
}

/**
 * One line per mistake, "field: line N: what to do" (or "line N: …" outside any field); `lineOffset`
 * lines come before `text` in its file (the frontmatter's opening ---).
 */
export function describeYamlErrors(text: string, errors: readonly YAMLError[], lineOffset = 0): string[] {
  const lines = new Lines(text, lineOffset);
  const causes = findCauses(text);
  const first = causes[0]?.offset ?? Number.POSITIVE_INFINITY;
  // Errors past an unclosed quote or bracket are the parser losing its way: the cause says it all.
  const mistakes: Mistake[] = [...causes];
  for (const error of errors) {
    if (error.pos[0] < first)
      mistakes.push({ offset: error.pos[0], message: advise(error, lines, lines.index(error.pos[0])) });
  }
  // One problem a line: its first mistake; the others on the line follow from it.
  const found = new Map<number, string>();
  for (const { offset, message } of mistakes.sort((x, y) => x.offset - y.offset)) {
    const index = lines.index(offset);
    if (!found.has(index)) found.set(index, message);
  }
  return [...found].map(([index, message]) => {
    const field = lines.field(index);
    return `${field ? `${field}: ` : ''}line ${lines.number(index)}: ${message}`;
  });
}
