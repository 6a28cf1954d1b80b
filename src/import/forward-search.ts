// Searching forward through a text without rescanning it: the building block of the importer's
// linear-time scanners.
//
// A lazy pattern such as /<!--[\s\S]*?-->/g is linear only while every opener has its terminator: an
// unterminated opener makes the engine scan to the end of the text, fail, and start again one character
// later, so N openers cost N scans of the rest (quadratic). The scanners instead look for each terminator
// with a finder, which remembers its last answer: asked again from a later position that is still before
// that answer, it answers without scanning. Every character is then scanned a bounded number of times.

export interface Found {
  start: number;
  end: number;
}

/**
 * The first occurrence of `pattern` that starts at or after `from`, for callers whose `from` only grows
 * (an earlier `from` is answered too, by searching again). A RegExp pattern must find its matches by a
 * linear scan on its own (a literal with \s* or a class, no lazy [\s\S]*?).
 */
export function createFinder(text: string, pattern: string | RegExp): (from: number) => Found | undefined {
  const search: (from: number) => Found | undefined =
    typeof pattern === 'string'
      ? (from) => {
          const start = text.indexOf(pattern, from);
          return start < 0 ? undefined : { start, end: start + pattern.length };
        }
      : searchRegExp(text, pattern);
  let askedFrom = Number.POSITIVE_INFINITY;
  let answer: Found | undefined;
  return (from) => {
    // The answer for askedFrom is the first occurrence at or after it, so it is also the first one at or
    // after any later position up to its start; "none" stays none for every later position.
    if (from >= askedFrom && (answer === undefined || answer.start >= from)) return answer;
    askedFrom = from;
    answer = search(from);
    return answer;
  };
}

function searchRegExp(text: string, pattern: RegExp): (from: number) => Found | undefined {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  return (from) => {
    re.lastIndex = from;
    const match = re.exec(text);
    return match ? { start: match.index, end: match.index + match[0].length } : undefined;
  };
}
