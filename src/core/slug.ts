// Tag and author URLs (docs/feeds.md, "Tag and author URLs"). A group's slug is a function of its name alone, so
// adding a tag never renames another tag's URL. Names fold together only where readers would not tell
// them apart: Unicode NFC, lower case, and a run of white space read as one hyphen ("North Korea" and
// "north-korea" are one feed). Everything else is kept: "C", "C#" and "C++" are three feeds, and every
// emoji is its own. The slug is percent-encoded only when put in a URL (slugSegment).
export function groupSlug(name: string): string {
  // NFC before and after: lower-casing can leave a sequence that NFC composes ("İ" -> "i̇").
  return name.normalize('NFC').toLowerCase().normalize('NFC').trim().replace(/\s+/gu, '-');
}

/** A slug as one URL path segment (RFC 3986 section 3.3): `c%2B%2B`, `%C3%A9conomie`, `%F0%9F%8E%89`. */
export function slugSegment(slug: string): string {
  return encodeURIComponent(slug);
}

/** Why a tag or author name cannot have a URL of its own: URL parsers resolve a "." or ".." segment
 * away (WHATWG URL, path state; RFC 3986 section 5.2.4), even percent-encoded. */
export function groupSlugProblem(name: string): string | undefined {
  const slug = groupSlug(name);
  return slug === '.' || slug === '..' ? `"${name}" cannot be a URL segment; choose another name` : undefined;
}

/** The slug earlier versions of Herald gave a name (every run of characters that are not letters, marks
 * or digits became one "-"), so links to those URLs can be redirected to the name's own feed. */
export function legacyGroupSlug(name: string): string {
  const slug = name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'untitled';
}
