// Linear-time replacements of HTML comments, elements and tags, each giving exactly the result of the
// regular expression named in its comment (see forward-search.ts for why those patterns are not used).
import { createFinder } from './forward-search.ts';

/** text.replace(/<!--[\s\S]*?-->/g, replacement). */
export function replaceComments(text: string, replacement: string): string {
  let out = '';
  let kept = 0;
  for (;;) {
    const open = text.indexOf('<!--', kept);
    if (open < 0) break;
    // "<!-->" does not close itself: the terminator is searched after the whole opener.
    const close = text.indexOf('-->', open + 4);
    // No terminator after this opener means none after any later one either.
    if (close < 0) break;
    out += text.slice(kept, open) + replacement;
    kept = close + 3;
  }
  return out + text.slice(kept);
}

/**
 * text.replace(/^[ \t]*<!--(?:(?!-->)[\s\S])*-->[ \t]*(?:\n|$)/gm, ''): a comment that starts a line and
 * ends one (possibly a later one) goes with its line break.
 */
export function removeCommentLines(text: string): string {
  const close = createFinder(text, '-->');
  // Several line starts can share one terminator: what follows it is looked at once.
  let checkedClose = -1;
  let lineEnd = -1;
  let out = '';
  let kept = 0;
  let line = 0;
  while (line < text.length) {
    let at = line;
    while (text[at] === ' ' || text[at] === '\t') at++;
    if (text.startsWith('<!--', at)) {
      const found = close(at + 4);
      if (!found) break;
      if (found.start !== checkedClose) {
        checkedClose = found.start;
        let after = found.end;
        while (text[after] === ' ' || text[after] === '\t') after++;
        lineEnd = after === text.length ? after : text[after] === '\n' ? after + 1 : -1;
      }
      if (lineEnd >= 0) {
        out += text.slice(kept, line);
        kept = lineEnd;
        // The match ended with a line break (or the text), so the next line starts where it ended.
        line = lineEnd;
        continue;
      }
    }
    const next = text.indexOf('\n', line);
    if (next < 0) break;
    line = next + 1;
  }
  return out + text.slice(kept);
}

/**
 * text.replace(/<(NAME|...)\b[\s\S]*?CLOSE/gi, replace) where `opener` is the /<(NAME|...)\b/gi part
 * (capturing the name) and `closer(name)` the CLOSE part for that name (e.g. /<\/pre>/i; case-insensitive,
 * as a backreference under the i flag is).
 */
export function replaceElements(
  text: string,
  opener: RegExp,
  closer: (name: string) => RegExp,
  replace: (whole: string) => string,
): string {
  const open = new RegExp(opener.source, `${opener.flags.replace('g', '')}g`);
  const finders = new Map<string, ReturnType<typeof createFinder>>();
  let out = '';
  let kept = 0;
  let from = 0;
  for (;;) {
    open.lastIndex = from;
    const match = open.exec(text);
    if (!match) break;
    const name = (match[1] as string).toLowerCase();
    let find = finders.get(name);
    if (!find) {
      find = createFinder(text, closer(name));
      finders.set(name, find);
    }
    const close = find(match.index + match[0].length);
    if (!close) {
      from = match.index + 1;
      continue;
    }
    out += text.slice(kept, match.index) + replace(text.slice(match.index, close.end));
    kept = from = close.end;
  }
  return out + text.slice(kept);
}

/**
 * text.replace(/OPEN[^>]*>/g, replacement) where `opener` is the OPEN part (e.g. /</g, or /<\/?(?:p|div)\b/gi):
 * a tag runs from its opener to the first ">".
 */
export function replaceTags(text: string, opener: RegExp, replacement: string): string {
  const open = new RegExp(opener.source, `${opener.flags.replace('g', '')}g`);
  let out = '';
  let kept = 0;
  for (;;) {
    open.lastIndex = kept;
    const match = open.exec(text);
    if (!match) break;
    const close = text.indexOf('>', match.index + match[0].length);
    // No ">" after this opener means none after any later one either.
    if (close < 0) break;
    out += text.slice(kept, match.index) + replacement;
    kept = close + 1;
  }
  return out + text.slice(kept);
}
