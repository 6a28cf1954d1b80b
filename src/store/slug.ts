// URL slugs for tags and authors: readable unicode, one canonical form per name.
// Rule (README "Tag and author URLs"): Unicode NFC, lower-cased, every run of characters that are not
// letters, marks or digits becomes one "-", no "-" at either end. The slug is percent-encoded only when
// put in a URL, so /tags/économie stays readable in a browser and "Économie" and "économie" share a feed.
export function slugify(name: string): string {
  const slug = name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'untitled';
}

/** A slug as one URL path segment. */
export function slugSegment(slug: string): string {
  return encodeURIComponent(slug);
}
