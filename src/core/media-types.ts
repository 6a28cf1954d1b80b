// The media Herald serves beside articles (content/articles/**), and the Content-Type of each: an allow-list
// keyed by file extension. Anything not listed is not served, so a new kind of file is a decision made here.

/** Extension (lower case, without the dot) -> Content-Type. */
const TYPES: Readonly<Record<string, string>> = {
  // Images: what article pages and podcast cover art use.
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  // An SVG opened on its own is a document that can run script on our origin: http/media.ts sends it with a
  // sandboxing Content-Security-Policy, so it is safe as an image and inert as a page.
  svg: 'image/svg+xml',
  // The IANA-registered type for ICO files (browsers read image/x-icon too).
  ico: 'image/vnd.microsoft.icon',

  // Audio: podcast enclosures. m4a is registered as audio/mp4 (RFC 4337); Apple's own feeds say
  // audio/x-m4a for the enclosure, which is the feed's business, not the file's.
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  // RFC 7845 section 9: Ogg Opus files are audio/ogg; .opus is the recommended extension.
  opus: 'audio/ogg',
  wav: 'audio/wav',
  flac: 'audio/flac',

  // Video: video podcasts and clips in articles.
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',

  // Documents.
  pdf: 'application/pdf',
  epub: 'application/epub+zip',

  // Transcripts and chapters (podcast namespace 1.0: podcast:transcript, podcast:chapters). WebVTT is
  // always UTF-8 (WebVTT section 4.1), which the charset makes explicit for anything that reads it as text.
  vtt: 'text/vtt; charset=utf-8',
  // SubRip has no registered type. The namespace's first text of podcast:transcript named
  // `application/srt`; its transcript page now lists `application/x-subrip`, as its example does, and that is
  // the name most tools recognise. Neither is registered with IANA. This is the Content-Type of the file;
  // the `type` a feed writes for the transcript is the publisher's to choose.
  srt: 'application/x-subrip; charset=utf-8',
  // Chapters files are JSON; the namespace's `application/json+chapters` is a feed attribute, not a media
  // type (it is not registered and is not valid structured-suffix syntax). RFC 8259 section 11 defines no
  // charset for JSON and says one has no effect on compliant recipients; it is sent, as the JSON Feed is,
  // for the readers that decode text by it.
  json: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  // An HTML file beside an article (an HTML transcript, say) is served as text, never as a page: a page
  // from our origin could run script as the site itself. With nosniff (http/media.ts) no
  // browser renders it; podcast apps read an HTML transcript by the type the feed declares.
  html: 'text/plain; charset=utf-8',
  htm: 'text/plain; charset=utf-8',

  // Not served: .zip (an archive's contents are unknown, and it is the usual carrier of executables; the
  // files inside belong beside the article instead), .md (articles themselves, drafts included), anything
  // a browser would run (.js, .xhtml, .xml with stylesheets) and everything else not listed.
};

/**
 * The Content-Type to serve a media file with, from its extension (case-insensitive); undefined for a file
 * Herald does not serve, which the route answers with 404. The extension is what follows the last "." of
 * the last path segment, so a dotfile such as ".mp3" has none.
 */
export function mediaType(fileName: string): string | undefined {
  const name = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const ext = name.slice(dot + 1).toLowerCase();
  return Object.hasOwn(TYPES, ext) ? TYPES[ext] : undefined;
}

/**
 * The Content-Type of a path under content/articles/ that may be served as media, or undefined when it
 * must not be (RFC 9110 section 17.3: a path must not reach files that are not meant to be served). `path`
 * is relative to content/articles/, percent-decoded, with "/" between segments.
 *
 * Refused whatever the extension: an empty path or segment (`a//b.mp3`, a leading or trailing "/"), a
 * segment starting with "." (`.`, `..`, dotfiles such as `.git` or `.hidden.mp3`) or with "%2e" in any case
 * (WHATWG URL reads `%2e` and `%2e%2e` as dot segments, so one left encoded after the route's single decode
 * is a second encoding, refused rather than decoded again), a backslash (a separator on Windows), control
 * characters (NUL ends a path in C), and any `.md` file (the articles themselves, drafts included, in any
 * case). `site.yaml` and every other unlisted extension fall to the allow-list of mediaType.
 */
export function isServableMediaPath(path: string): string | undefined {
  if (path === '' || path.includes('\\') || /[\u0000-\u001f\u007f]/.test(path)) return undefined;
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '' || segment.startsWith('.') || segment.slice(0, 3).toLowerCase() === '%2e') return undefined;
  }
  const name = segments[segments.length - 1] as string;
  if (name.toLowerCase().endsWith('.md')) return undefined;
  return mediaType(name);
}
