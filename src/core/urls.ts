// URLs: where an article lives on this site, and how configured URLs are checked and normalised. Its own
// module so the Worker bundle, which serves pages but never loads sources, does not pull in the loader's
// YAML, Markdown and sanitizer libraries.
export function articleUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}articles/${slug.split('/').map(encodeURIComponent).join('/')}`;
}

export function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A configured URL as the WHATWG URL parser serialises it: an internationalised host in punycode
 * (`https://新闻.example/` -> `https://xn--...example/`), a path and query percent-encoded, the scheme and
 * host lower-cased. Every link, ETag and header is then built from one spelling, all of it ASCII. */
export function normalizeUrl(value: string): string {
  return new URL(value).href;
}

/** Whether a value can go into an HTTP header field as it is (RFC 9110 section 5.5: visible ASCII): what
 * a URL becomes in WebSub's Link header. */
export function isHeaderSafe(value: string): boolean {
  return /^[\x21-\x7e]*$/.test(value);
}
