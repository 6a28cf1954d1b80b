// `herald import text|wordpress FILE`: write article files under content/articles/ from a plain-text
// article or a WordPress export.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importText, parseDateOption, parseListOption } from '../../import/text.ts';
import { describePost, importWordPress } from '../../import/wordpress.ts';
import { parseTimeZone } from '../../import/wp-date.ts';
import { writeArticle } from '../../import/write-article.ts';
import { type Command, type Context, EXIT, UsageError, VERBOSE } from '../command.ts';

const HELP = `usage:
  herald import text FILE --date YYYY-MM-DD [--tags a,b] [--author NAME] [--force] [--content DIR]
  herald import wordpress FILE [--timezone ZONE] [--force] [--content DIR]

Writes article files to DIR/articles/YYYY/SLUG.md; an existing file is never overwritten without
--force, and nothing is ever written outside DIR/articles/. Then run \`herald check\`.

  text        plain text: the title on the first line, paragraphs separated by blank lines
  wordpress   a WordPress export (Tools > Export, WXR .xml): published and scheduled posts
  --date      text: YYYY-MM-DD or ISO 8601 with an offset
  --tags      text: comma-separated tags
  --author    text: the byline
  --timezone  wordpress: for posts without a GMT date: an IANA name (Europe/Berlin), +HH:MM or hours
  --force     replace existing files
  --verbose   wordpress: a line per post (written, skipped, or why not)`;

export const importCommand: Command = {
  name: 'import',
  summary: 'write articles from plain text or a WordPress export',
  help: HELP,
  options: {
    date: { type: 'string' },
    tags: { type: 'string' },
    author: { type: 'string' },
    timezone: { type: 'string' },
    force: { type: 'boolean' },
    ...VERBOSE,
  },
  positionals: true,
  async run(context) {
    const { values, positionals } = context;
    const [kind, file, ...extra] = positionals;
    if (kind !== 'text' && kind !== 'wordpress') {
      throw new UsageError(`unknown importer "${kind ?? ''}": expected text or wordpress`);
    }
    if (!file) throw new UsageError(`${kind}: FILE is missing`);
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    if (kind === 'wordpress' && (values.date || values.tags || values.author)) {
      throw new UsageError('wordpress: --date, --tags and --author come from the export; they apply to text only');
    }
    if (kind === 'text' && values.timezone) throw new UsageError('text: --timezone applies to wordpress only');
    return kind === 'text' ? importTextFile(context, file) : importExport(context, file);
  },
};

function importTextFile({ values, contentDir, out, err }: Context, file: string): number {
  let date: string;
  try {
    date = parseDateOption(values.date as string | undefined);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const result = importText(readFileSync(file, 'utf8'), {
    date,
    tags: parseListOption(values.tags as string | undefined),
    author: (values.author as string | undefined)?.trim() || undefined,
  });
  const articles = join(contentDir, 'articles');
  const target = join(articles, result.path);
  const written = writeArticle(articles, result.path, result.fileText, values.force === true);
  if (written !== true) {
    err(
      written === 'exists'
        ? `${target} already exists; not overwritten (use --force to replace it)\n`
        : `${file}: not written: ${written.refused}\n`,
    );
    return EXIT.failure;
  }
  if (result.droppedLines > 0) err(`dropped ${result.droppedLines} comment-form line(s) from the end\n`);
  out(`${target}\n`);
  return EXIT.ok;
}

function importExport({ values, contentDir, out, err, progress, verbose }: Context, file: string): number {
  const timeZone = values.timezone as string | undefined;
  if (timeZone) {
    try {
      parseTimeZone(timeZone);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const result = importWordPress(readFileSync(file, 'utf8'), { timeZone });
  const skipped = { ...result.skipped };
  for (const post of result.refused) err(`${file}: ${post.message}\n`);
  let refused = result.refused.length;
  let written = 0;
  let assumed = 0;
  const articles = join(contentDir, 'articles');
  const stage = progress.stage('writing articles', result.articles.length, 'posts');
  for (const [i, article] of result.articles.entries()) {
    const target = join(articles, article.path);
    const outcome = writeArticle(articles, article.path, article.fileText, values.force === true);
    stage.tick(i + 1);
    if (outcome === 'exists') {
      skipped.exists = (skipped.exists ?? 0) + 1;
      if (verbose) out(`exists  ${target}\n`);
      continue;
    }
    if (outcome !== true) {
      skipped['outside-articles'] = (skipped['outside-articles'] ?? 0) + 1;
      refused++;
      err(`${file}: ${describePost(article.title, article.postId)}: not written: ${outcome.refused}\n`);
      continue;
    }
    written++;
    if (article.dateAssumed) assumed++;
    if (!verbose) continue;
    out(`wrote   ${target}\n`);
    if (article.dateAssumed) out(`        date: ${article.dateAssumed}\n`);
    for (const note of article.notes) out(`        note: ${note}\n`);
  }
  stage.finish();
  out(`imported ${written}; skipped ${describe(skipped)}; not posts ${describe(result.notPosts)}\n`);
  if (assumed > 0) {
    out(
      `dates: ${assumed} post(s) had no GMT date (--verbose shows which); check them, or re-run with --timezone ZONE --force\n`,
    );
  }
  if (refused > 0) err(`${refused} post(s) refused (see above); nothing was written for them\n`);
  return refused > 0 ? EXIT.failure : EXIT.ok;
}

/** { draft: 2, private: 1 } -> "3 (draft: 2, private: 1)". */
function describe(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return entries.length === 0 ? '0' : `${total} (${entries.map(([k, n]) => `${k}: ${n}`).join(', ')})`;
}
