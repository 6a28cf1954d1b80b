// The WordPress comment form that scraped article pages end with: recognising it and cutting it off.

// Each phrase is matched whole, case-insensitively; a line is boilerplate when it is made only of
// these phrases (scrapers often glue several onto one line: "Leave a Reply Cancel reply"). Sticky (y)
// patterns match at a moving position, so a long line is read once instead of being cut and copied
// after every phrase.
const PHRASES: RegExp[] = [
  /be the first to comment/y,
  /leave a (?:reply|comment)/y,
  /cancel reply/y,
  /your email address will not be published\.?/y,
  /required fields are marked \*?/y,
  /save my name, email, and website in this browser for the next time i comment\.?/y,
  /notify me of (?:follow-up comments|new posts) by email\.?/y,
  /this site uses akismet to reduce spam\.?/y,
  /learn how your comment data is processed\.?/y,
  /post comment/y,
  /(?:comment|name|email|website)(?: \*)?(?![\p{L}\p{N}])/uy,
  /(?:\d+|no|one) (?:comments?|responses?|replies)(?![\p{L}\p{N}])/uy,
  // Akismet's hidden field leaves a lone delta in the page text.
  /\u0394(?![\p{L}\p{N}])/uy,
];
const SEPARATORS = /[\s.:|\-\u2013\u2014]*/y;

export function isCommentFormLine(line: string): boolean {
  const rest = line
    .normalize('NFC')
    .replace(/[\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  if (rest === '') return false;
  let at = 0;
  while (at < rest.length) {
    const phrase = PHRASES.find((p) => {
      p.lastIndex = at;
      return p.test(rest);
    });
    if (!phrase) return false;
    SEPARATORS.lastIndex = phrase.lastIndex;
    SEPARATORS.test(rest);
    at = SEPARATORS.lastIndex;
  }
  return true;
}

/**
 * Removes the trailing run of comment-form lines (blank lines in between allowed). Only the tail is
 * touched, and only lines made entirely of form phrases, so a body paragraph that merely mentions
 * "leave a reply" stays. Returns the kept lines and how many non-blank lines were dropped.
 */
export function stripCommentForm(lines: string[]): {
  lines: string[];
  dropped: number;
} {
  let cut = lines.length;
  let dropped = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    if (!isCommentFormLine(line)) break;
    cut = i;
    dropped++;
  }
  return { lines: lines.slice(0, cut), dropped };
}
