// A WordPress post's stored content -> the HTML readers saw: shortcodes, embeds, blocks, paragraphs.
import { removeCommentLines, replaceComments, replaceElements } from './html-scan.ts';
import { addParagraphs } from './paragraphs.ts';
import {
  attributePairs,
  replaceEscapedShortcodes,
  replaceNamedShortcodes,
  replacePairedShortcodes,
  replaceShortcodeTags,
} from './shortcode-scan.ts';

export interface ContentContext {
  /** Attachment post id -> file URL, for [gallery ids="..."]. */
  attachments: ReadonlyMap<string, string>;
  /** Image attachments uploaded to this post, for a [gallery] without ids. */
  childImages: readonly string[];
}

export interface ConvertedContent {
  html: string;
  /** Things a person should look at: stripped shortcodes, dropped galleries. */
  notes: string[];
}

// Bare names we strip even without attributes; any other "[word]" (like "[sic]") is left as text,
// because WordPress itself only replaces shortcodes a plugin registered.
const KNOWN = new Set([
  'gallery',
  'playlist',
  'audio',
  'video',
  'embed',
  'caption',
  'wp_caption',
  'toc',
  'contact-form',
  'contact-form-7',
  'wpforms',
  'more',
]);

/**
 * What the_content did, rearranged for static output: shortcodes become HTML before paragraphs are added,
 * so a caption's <figure> is a block that stays unwrapped (WordPress gets the same result by
 * running its paragraphing first and then undoing it around shortcodes). Block-editor posts skip it.
 */
export function convertWordPressContent(raw: string, context: ContentContext): ConvertedContent {
  const notes: string[] = [];
  const stripped = new Set<string>();
  // Gutenberg posts are saved already paragraphed; WordPress does not re-paragraph them.
  const hasBlocks = /<!--\s+wp:/.test(raw);
  // A comment alone on its line (<!--more-->, block delimiters) goes with its line, so removing it
  // cannot turn one paragraph into two; the loader's sanitizer would drop the rest anyway. The scanners
  // here and below run in time linear in the post, whatever it holds (see forward-search.ts).
  let text = replaceComments(removeCommentLines(raw.replace(/\r\n?/g, '\n')), '');

  // Code samples keep their brackets (and their URLs); outside code, [[x]] is WordPress's escape for [x].
  const held: string[] = [];
  const hold = (s: string) => `\uE000${held.push(s) - 1}\uE001`;
  text = replaceElements(text, /<(pre|code)\b/gi, (name) => new RegExp(`</${name}>`, 'i'), hold);
  text = replaceEscapedShortcodes(text, hold);

  text = replaceNamedShortcodes(text, /\[(caption|wp_caption)\b/g, 'required', (_, attrs, inner) =>
    captionToFigure(parseAttributes(attrs), inner ?? ''),
  );
  text = replaceNamedShortcodes(text, /\[(embed)\b/g, 'required', (_, _attrs, url) => link((url ?? '').trim()));
  text = replaceNamedShortcodes(text, /\[(audio|video)\b/g, 'optional', (name, attrs) => {
    const url = mediaUrl(parseAttributes(attrs));
    if (!url) stripped.add(name);
    return url ? link(url) : '';
  });
  text = replaceNamedShortcodes(text, /\[(gallery)\b/g, 'none', (_, attrs) => {
    const html = gallery(parseAttributes(attrs), context);
    if (html === '') notes.push('a [gallery] had no images that could be found in the export; it was dropped');
    return html;
  });
  text = stripShortcodes(text, stripped);
  // WordPress autoembed: a URL alone on its line becomes an embed; here, a link.
  text = text.replace(
    /^([ \t]*)(https?:\/\/[^\s<>"]+)([ \t]*)$/gm,
    (_, a: string, url: string, b: string) => `${a}${link(url)}${b}`,
  );
  text = text.replace(/\uE000(\d+)\uE001/g, (_, i: string) => held[Number(i)] ?? '');

  if (stripped.size > 0) notes.push(`shortcodes removed, inner text kept: ${[...stripped].sort().join(', ')}`);
  // Removing block comments leaves runs of blank lines between blocks.
  const html = hasBlocks ? text.replace(/\n{3,}/g, '\n\n').trim() : addParagraphs(text).trim();
  return { html, notes };
}

function stripShortcodes(input: string, stripped: Set<string>): string {
  let text = input;
  // Paired [name ...]inner[/name] keep the inner text; loop for nesting.
  for (let pass = 0; pass < 10; pass++) {
    const next = replacePairedShortcodes(text, (name, _attrs, inner) => {
      stripped.add(name);
      return inner;
    });
    if (next === text) break;
    text = next;
  }
  return replaceShortcodeTags(text, (whole, name, attrs) => {
    const looksLikeShortcode = KNOWN.has(name.toLowerCase()) || attrs.includes('=') || /\/\s*$/.test(attrs);
    if (!looksLikeShortcode) return whole;
    stripped.add(name);
    return '';
  });
}

function captionToFigure(attrs: Record<string, string>, inner: string): string {
  const match = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(inner);
  const media = match?.[1] ?? inner.trim();
  // Before WordPress 3.4 the caption lived in an attribute; since then it follows the image.
  const caption = (attrs.caption ?? match?.[2] ?? '').trim();
  const figcaption = caption === '' ? '' : `<figcaption>${caption}</figcaption>`;
  return `<figure>${media}${figcaption}</figure>`;
}

function gallery(attrs: Record<string, string>, context: ContentContext): string {
  const ids = (attrs.ids ?? attrs.include ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const urls = ids.length > 0 ? ids.flatMap((id) => context.attachments.get(id) ?? []) : [...context.childImages];
  if (urls.length === 0) return '';
  return `<figure>${urls.map((url) => `<img src="${escapeHtml(url)}" alt="">`).join('')}</figure>`;
}

function mediaUrl(attrs: Record<string, string>): string | undefined {
  for (const key of ['src', 'mp3', 'm4a', 'ogg', 'wav', 'wma', 'mp4', 'm4v', 'webm', 'ogv', 'wmv', 'flv']) {
    const value = attrs[key];
    if (value) return value;
  }
  return undefined;
}

/** shortcode_parse_atts, reduced to name=value pairs (lowercased names). */
export function parseAttributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [name, value] of attributePairs(text.replace(/[\u00a0\u200b]/g, ' '))) {
    attrs[name.toLowerCase()] = value;
  }
  return attrs;
}

function link(url: string): string {
  const safe = escapeHtml(url);
  return `<a href="${safe}">${safe}</a>`;
}

/** Escapes for text and attribute values; an existing entity such as &amp; is left alone. */
function escapeHtml(text: string): string {
  return text
    .replace(/&(?!#?[a-zA-Z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
