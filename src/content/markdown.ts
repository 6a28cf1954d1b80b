// Article bodies to safe HTML: Markdown (markdown-it) or raw HTML, links made absolute, scripts gone.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { htmlToText } from './html-text.ts';
import { useFastTokens } from './patches/markdown-it/fast-tokens.ts';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const SAFE_SCHEME = /^(?:https?:|mailto:)/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Resolve `href` against the article page; undefined for schemes we never emit (javascript:, data:, …). */
export function absolutize(href: string, base: string): string | undefined {
  const trimmed = href.trim();
  if (ANY_SCHEME.test(trimmed) && !SAFE_SCHEME.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed, base);
    // Judge the resolved URL too: the parser drops tabs and newlines, so "java\tscript:" passes
    // the scheme test above as a relative path and comes out as javascript:.
    return SAFE_SCHEME.test(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
useFastTokens(md);
// markdown-it already refuses javascript:/vbscript:/file:/data: links; we go further and keep only
// the schemes a feed reader should follow.
md.validateLink = (url) => !ANY_SCHEME.test(url.trim()) || SAFE_SCHEME.test(url.trim());

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags,
  'img',
  'figure',
  'figcaption',
  'picture',
  'source',
  'audio',
  'video',
  'track',
  'del',
  'ins',
  'sup',
  'sub',
  'details',
  'summary',
];

function sanitizeOptions(base: string): sanitizeHtml.IOptions {
  const fixUrl =
    (...attrs: string[]) =>
    (tagName: string, attribs: sanitizeHtml.Attributes) => {
      for (const attr of attrs) {
        const value = attribs[attr];
        if (value === undefined) continue;
        const abs = absolutize(value, base);
        if (abs === undefined) delete attribs[attr];
        else attribs[attr] = abs;
      }
      return { tagName, attribs };
    };
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      source: ['src', 'type', 'media'],
      audio: ['src', 'controls'],
      video: ['src', 'controls', 'poster', 'width', 'height'],
      track: ['src', 'kind', 'srclang', 'label'],
      code: ['class'],
      th: ['align', 'colspan', 'rowspan'],
      td: ['align', 'colspan', 'rowspan'],
      ol: ['start'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    transformTags: {
      a: fixUrl('href'),
      img: fixUrl('src'),
      source: fixUrl('src'),
      audio: fixUrl('src'),
      video: fixUrl('src', 'poster'),
      track: fixUrl('src'),
    },
  };
}

function absolutizeTokens(tokens: Token[], base: string): void {
  for (const token of tokens) {
    if (token.type === 'link_open' || token.type === 'image') {
      const attr = token.type === 'image' ? 'src' : 'href';
      const value = token.attrGet(attr);
      if (value !== null) {
        const abs = absolutize(String(value), base);
        token.attrSet(attr, abs ?? '');
      }
    }
    if (token.children) absolutizeTokens(token.children, base);
  }
}

function plainText(inline: Token | undefined): string {
  if (!inline?.children) return '';
  let out = '';
  for (const child of inline.children) {
    if (child.type === 'text' || child.type === 'code_inline') out += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') out += ' ';
  }
  return out.replace(/\s+/g, ' ').trim();
}

export interface RenderedBody {
  html: string;
  /** The first paragraph as plain text: the summary when frontmatter gives none. */
  lead: string;
}

export function renderBody(body: string, format: 'markdown' | 'html', base: string): RenderedBody {
  if (format === 'html') {
    const html = sanitizeHtml(body, sanitizeOptions(base));
    const first = /<p[\s>][\s\S]*?<\/p>/i.exec(html)?.[0] ?? html;
    return { html, lead: htmlToText(first) };
  }
  const tokens = md.parse(body, {});
  absolutizeTokens(tokens, base);
  const paragraph = tokens.findIndex((t) => t.type === 'paragraph_open');
  const lead = paragraph >= 0 ? plainText(tokens[paragraph + 1]) : '';
  const rendered = md.renderer.render(tokens, md.options, {});
  // Only raw HTML in the Markdown can smuggle in scripts or handlers; Markdown syntax alone cannot,
  // so the (slower) sanitizer runs only when the source holds HTML.
  const hasRawHtml = tokens.some(
    (t) => t.type === 'html_block' || t.children?.some((c) => c.type === 'html_inline') === true,
  );
  return {
    html: hasRawHtml ? sanitizeHtml(rendered, sanitizeOptions(base)) : rendered,
    lead,
  };
}
