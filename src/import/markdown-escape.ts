// Plain text -> Markdown that renders back to the same text (CommonMark + markdown-it defaults).

// Inline syntax anywhere in a line: emphasis, code, links/images, raw HTML and autolinks, entities,
// strikethrough, and the backslash itself. CommonMark lets any ASCII punctuation be backslash-escaped.
const INLINE = /[\\`*_[\]<>&~|]/g;

/**
 * Escapes one paragraph that is a single line. Block syntax only matters at the start of a line, so
 * headings (#), list markers (-, +, *, 1. and 1)), block quotes (>) and thematic breaks are escaped
 * there; leading spaces are dropped because four would start a code block.
 */
export function escapeMarkdownLine(text: string): string {
  const escaped = text.trim().replace(INLINE, '\\$&');
  return escaped.replace(/^([#+=-])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2');
}
