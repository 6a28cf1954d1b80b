// Plain-text article (title line, blank-line paragraphs) -> Herald article file.
import { type ArticleFields, serializeArticle, slugify } from './article-file.ts';
import { stripCommentForm } from './comment-form.ts';
import { escapeMarkdownLine } from './markdown-escape.ts';

export interface TextImportOptions {
  /** YYYY-MM-DD or ISO 8601 with offset; checked with parseDateOption. */
  date: string;
  tags?: string[];
  author?: string;
}

export interface TextImport {
  /** Relative to content/articles/, e.g. "2018/pyongyang-wants-u-s-to-declare-end-of-korean-war.md". */
  path: string;
  fileText: string;
  title: string;
  paragraphs: number;
  /** Non-blank comment-form lines cut from the end. */
  droppedLines: number;
}

const BARE_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FULL_DATE =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** Returns the date unchanged when valid, else throws an Error whose message says what is expected. */
export function parseDateOption(value: string | undefined): string {
  const expected = 'expected YYYY-MM-DD (e.g. 2018-08-24) or ISO 8601 with offset (e.g. 2018-08-24T09:30:00+02:00)';
  if (value === undefined || value === '') throw new Error(`--date is required: ${expected}`);
  const match = BARE_DATE.exec(value) ?? FULL_DATE.exec(value);
  if (!match) throw new Error(`--date "${value}": ${expected}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC rolls 2018-02-30 over to March: a round trip catches impossible days.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new Error(`--date "${value}": no such day`);
  }
  return value;
}

/** "a, b,,a" -> ["a", "b"]. */
export function parseListOption(value: string | undefined): string[] {
  if (!value) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** Splits plain text into its title and single-line paragraphs, without the trailing comment form. */
export function parsePlainText(text: string): {
  title: string;
  paragraphs: string[];
  droppedLines: number;
} {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const titleAt = lines.findIndex((line) => line.trim() !== '');
  if (titleAt < 0) throw new Error('the text is empty: expected a title on the first non-empty line');
  const title = collapse(lines[titleAt] ?? '');
  const { lines: body, dropped } = stripCommentForm(lines.slice(titleAt + 1));
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of [...body, '']) {
    if (line.trim() !== '') {
      current.push(line);
    } else if (current.length > 0) {
      // A single newline inside a paragraph is a soft wrap: join with a space.
      paragraphs.push(collapse(current.join(' ')));
      current = [];
    }
  }
  return { title, paragraphs, droppedLines: dropped };
}

export function importText(text: string, options: TextImportOptions): TextImport {
  const date = parseDateOption(options.date);
  const { title, paragraphs, droppedLines } = parsePlainText(text);
  if (paragraphs.length === 0) throw new Error(`"${title}": no paragraphs after the title`);
  const fields: ArticleFields = { title, date };
  if (options.author) fields.author = options.author;
  if (options.tags && options.tags.length > 0) fields.tags = options.tags;
  const body = paragraphs.map(escapeMarkdownLine).join('\n\n');
  const path = `${date.slice(0, 4)}/${slugify(title) || 'article'}.md`;
  return {
    path,
    fileText: serializeArticle(fields, body),
    title,
    paragraphs: paragraphs.length,
    droppedLines,
  };
}

function collapse(text: string): string {
  return text.replace(/[ \t\f\v]+/g, ' ').trim();
}
