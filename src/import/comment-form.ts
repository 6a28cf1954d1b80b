// The WordPress comment form that scraped article pages end with: recognising it and cutting it off.

// Each phrase is matched whole, case-insensitively; a line is boilerplate when it is made only of
// these phrases (scrapers often glue several onto one line: "Leave a Reply Cancel reply").
const PHRASES: RegExp[] = [
  /^be the first to comment/,
  /^leave a (?:reply|comment)/,
  /^cancel reply/,
  /^your email address will not be published\.?/,
  /^required fields are marked \*?/,
  /^save my name, email, and website in this browser for the next time i comment\.?/,
  /^notify me of (?:follow-up comments|new posts) by email\.?/,
  /^this site uses akismet to reduce spam\.?/,
  /^learn how your comment data is processed\.?/,
  /^post comment/,
  /^(?:comment|name|email|website)(?: \*)?(?![\p{L}\p{N}])/u,
  /^(?:\d+|no|one) (?:comments?|responses?|replies)(?![\p{L}\p{N}])/u,
  // Akismet's hidden field leaves a lone delta in the page text.
  /^\u0394(?![\p{L}\p{N}])/u,
];

export function isCommentFormLine(line: string): boolean {
  let rest = line
    .normalize('NFC')
    .replace(/[\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  if (rest === '') return false;
  while (rest !== '') {
    const phrase = PHRASES.find((p) => p.test(rest));
    if (!phrase) return false;
    rest = rest.replace(phrase, '').replace(/^[\s.:|\-\u2013\u2014]+/, '');
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
