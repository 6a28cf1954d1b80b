// Linear-time shortcode scanners, each giving exactly the result of the regular expression named in its
// comment (see forward-search.ts for why those patterns are not used).
import { createFinder, type Found } from './forward-search.ts';

// Character classes of the patterns these scanners replace, by code unit (undefined past either end).
const isLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
/** \w: ASCII letters, digits and "_" (the patterns have no u flag). */
const isWord = (c: string | undefined) => isLetter(c) || (c !== undefined && ((c >= '0' && c <= '9') || c === '_'));
const isNameChar = (c: string | undefined) => isWord(c) || c === '-';
/** \s: ASCII space and controls first, then the Unicode spaces through the pattern itself. */
const isSpace = (c: string | undefined) =>
  c !== undefined && (c === ' ' || (c >= '\t' && c <= '\r') || (c > '\u007f' && /^\s$/.test(c)));

/** The end of the run of [\w-] characters starting at `from`. */
function nameRunEnd(text: string, from: number): number {
  let end = from;
  while (isNameChar(text[end])) end++;
  return end;
}

/** Whether \b holds at `at`: a word character on one side and not on the other. */
const boundary = (text: string, at: number) => isWord(text[at - 1]) !== isWord(text[at]);

export type Closing = 'none' | 'optional' | 'required';

/** text.replace(/\[(\[[^\]]*\])\]/g, (_, inner) => replace(inner)): WordPress's "[[x]]" escape for "[x]". */
export function replaceEscapedShortcodes(text: string, replace: (inner: string) => string): string {
  const bracket = createFinder(text, ']');
  let out = '';
  let kept = 0;
  let from = 0;
  for (;;) {
    const open = text.indexOf('[[', from);
    if (open < 0) break;
    const close = bracket(open + 2);
    if (!close) break;
    if (text[close.end] !== ']') {
      from = open + 1;
      continue;
    }
    out += text.slice(kept, open) + replace(text.slice(open + 1, close.end));
    kept = from = close.end + 1;
  }
  return out + text.slice(kept);
}

/**
 * Shortcodes with fixed names, where `opener` is /\[(NAME|...)\b/g (capturing the name):
 * - 'none':     text.replace(/\[(NAME)\b([^\]]*)\]/g, ...)
 * - 'required': text.replace(/\[(NAME)\b([^\]]*)\]([\s\S]*?)\[\/\1\]/g, ...)
 * - 'optional': text.replace(/\[(NAME)\b([^\]]*)\](?:([\s\S]*?)\[\/\1\])?/g, ...)
 * `replace` gets the name, the attribute text and the inner text (undefined without a closing tag).
 */
export function replaceNamedShortcodes(
  text: string,
  opener: RegExp,
  closing: Closing,
  replace: (name: string, attrs: string, inner: string | undefined) => string,
): string {
  const open = new RegExp(opener.source, `${opener.flags.replace('g', '')}g`);
  const bracket = createFinder(text, ']');
  const closers = new Map<string, ReturnType<typeof createFinder>>();
  let out = '';
  let kept = 0;
  let from = 0;
  for (;;) {
    open.lastIndex = from;
    const match = open.exec(text);
    if (!match) break;
    const name = match[1] as string;
    const attrsStart = match.index + match[0].length;
    const end = bracket(attrsStart);
    // No "]" after this opener means none after any later one either.
    if (!end) break;
    let close: Found | undefined;
    if (closing !== 'none') {
      let find = closers.get(name);
      if (!find) {
        find = createFinder(text, `[/${name}]`);
        closers.set(name, find);
      }
      close = find(end.end);
      if (!close && closing === 'required') {
        from = match.index + 1;
        continue;
      }
    }
    const inner = close ? text.slice(end.end, close.start) : undefined;
    out += text.slice(kept, match.index) + replace(name, text.slice(attrsStart, end.start), inner);
    kept = from = close ? close.end : end.end;
  }
  return out + text.slice(kept);
}

/**
 * text.replace(/\[([a-zA-Z][\w-]*)\b([^\]]*)\]([\s\S]*?)\[\/\1\]/g, (_, name, attrs, inner) => ...):
 * any paired shortcode. As in the pattern, a name may be cut short at a "-" to find its closing tag
 * ("[a-b]x[/a]" pairs as "a"), trying the longest name first.
 */
export function replacePairedShortcodes(
  text: string,
  replace: (name: string, attrs: string, inner: string) => string,
): string {
  // Every closing tag, by name: the pattern's lazy search becomes a binary search here.
  const closings = new Map<string, number[]>();
  for (const m of text.matchAll(/\[\/([a-zA-Z][\w-]*)\]/g)) {
    const name = m[1] as string;
    const list = closings.get(name);
    if (list) list.push(m.index);
    else closings.set(name, [m.index]);
  }
  const firstClosing = (name: string, from: number): number => {
    const list = closings.get(name);
    if (!list) return -1;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length ? (list[lo] as number) : -1;
  };
  const bracket = createFinder(text, ']');
  let out = '';
  let kept = 0;
  let from = 0;
  for (;;) {
    const open = text.indexOf('[', from);
    if (open < 0) break;
    from = open + 1;
    if (!isLetter(text[open + 1])) continue;
    const run = nameRunEnd(text, open + 2);
    // The name cannot contain "]", so the first "]" after any cut of it is the first one after the run.
    const end = bracket(run);
    if (!end) break;
    for (let cut = run; cut > open + 1; cut--) {
      if (!boundary(text, cut)) continue;
      const name = text.slice(open + 1, cut);
      const close = firstClosing(name, end.end);
      if (close < 0) continue;
      out += text.slice(kept, open) + replace(name, text.slice(cut, end.start), text.slice(end.end, close));
      kept = from = close + name.length + 3;
      break;
    }
  }
  return out + text.slice(kept);
}

/**
 * text.replace(/\[\/?([a-zA-Z][\w-]*)((?:\s[^\]]*)?)\]/g, (whole, name, attrs) => ...): a shortcode tag
 * on its own, opening or closing.
 */
export function replaceShortcodeTags(
  text: string,
  replace: (whole: string, name: string, attrs: string) => string,
): string {
  const bracket = createFinder(text, ']');
  let out = '';
  let kept = 0;
  let from = 0;
  for (;;) {
    const open = text.indexOf('[', from);
    if (open < 0) break;
    from = open + 1;
    const nameStart = text[open + 1] === '/' ? open + 2 : open + 1;
    if (!isLetter(text[nameStart])) continue;
    // A shorter name would leave a name character where the pattern needs a space or "]".
    const run = nameRunEnd(text, nameStart + 1);
    let end: number;
    if (text[run] === ']') end = run;
    else if (isSpace(text[run])) {
      const found = bracket(run + 1);
      if (!found) continue;
      end = found.start;
    } else continue;
    out +=
      text.slice(kept, open) + replace(text.slice(open, end + 1), text.slice(nameStart, run), text.slice(run, end));
    kept = from = end + 1;
  }
  return out + text.slice(kept);
}

/**
 * [...text.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))/g)] as [name, value] pairs:
 * name=value, name="value" and name='value'.
 */
export function attributePairs(text: string): [string, string][] {
  const quotes = { '"': createFinder(text, '"'), "'": createFinder(text, "'") };
  const pairs: [string, string][] = [];
  let at = 0;
  while (at < text.length) {
    if (!isNameChar(text[at])) {
      at++;
      continue;
    }
    // A match starting inside this run would fail where one starting at its beginning fails: the rest
    // after the run is the same, so a failed run is skipped whole.
    const run = nameRunEnd(text, at);
    let value = run;
    while (isSpace(text[value])) value++;
    if (text[value] !== '=') {
      at = run;
      continue;
    }
    value++;
    while (isSpace(text[value])) value++;
    const quote = text[value];
    if (quote === '"' || quote === "'") {
      const close = quotes[quote](value + 1);
      if (!close) {
        at = run;
        continue;
      }
      pairs.push([text.slice(at, run), text.slice(value + 1, close.start)]);
      at = close.end;
      continue;
    }
    let end = value;
    while (end < text.length && !isSpace(text[end]) && !`'"]`.includes(text[end] as string)) end++;
    if (end === value) {
      at = run;
      continue;
    }
    pairs.push([text.slice(at, run), text.slice(value, end)]);
    at = end;
  }
  return pairs;
}
