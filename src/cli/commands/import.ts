// `herald import text|wordpress FILE`: write article files under content/articles/ from a plain-text
// article, or move a WordPress site (its export, and a copy of its uploads) into the content folder.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOW_ID } from '../../content/schema.ts';
import { articleLines, formatReport } from '../../import/migration-report.ts';
import { importText, parseDateOption, parseListOption } from '../../import/text.ts';
import { type MigrationReport, migrateWordPress } from '../../import/wordpress-migration.ts';
import { parseTimeZone } from '../../import/wp-date.ts';
import { writeArticle } from '../../import/write-article.ts';
import { type Command, type Context, EXIT, UsageError, VERBOSE } from '../command.ts';

const HELP = `usage:
  herald import text FILE --date YYYY-MM-DD [--tags a,b] [--author NAME] [--force] [--content DIR]
  herald import wordpress FILE [--uploads DIR] [--show ID] [--timezone ZONE] [--report FILE]
                               [--force] [--content DIR]

Writes article files to DIR/articles/YYYY/SLUG.md; an existing file is never overwritten without
--force, and nothing is ever written outside DIR/articles/ (and, for wordpress, DIR/site.yaml and
the --report file).
Then run \`herald check\`.

  text        plain text: the title on the first line, paragraphs separated by blank lines
  wordpress   a WordPress export (Tools > Export, WXR .xml): published and scheduled posts, each
              with its old addresses (aliases); site.yaml written from the export, or merged into
              the one there is (only added to), with redirects for the old category, tag and
              author feeds; a migration report at the end
  --date      text: YYYY-MM-DD or ISO 8601 with an offset
  --tags      text: comma-separated tags
  --author    text: the byline
  --timezone  wordpress: for posts without a GMT date: an IANA name (Europe/Berlin), +HH:MM or hours
  --uploads   wordpress: a copy of wp-content/uploads; the files posts use are copied beside them
              (articles/YYYY/SLUG/FILE) and their links made relative
  --show      wordpress: a show id (such as the-briefing): posts with an audio or video enclosure
              become its episodes; site.yaml gets the show if it has none
  --report    wordpress: also write the migration report to FILE as JSON
  --force     replace existing article files (and the files beside them)
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
    uploads: { type: 'string' },
    show: { type: 'string' },
    report: { type: 'string' },
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
    for (const flag of ['timezone', 'uploads', 'show', 'report']) {
      if (kind === 'text' && values[flag] !== undefined)
        throw new UsageError(`text: --${flag} applies to wordpress only`);
    }
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
  const show = values.show as string | undefined;
  if (show !== undefined && !SHOW_ID.test(show)) {
    throw new UsageError(`--show "${show}": a show id is lower-case letters, digits and hyphens, such as the-briefing`);
  }
  const uploads = values.uploads as string | undefined;
  if (uploads !== undefined && !statSync(uploads, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--uploads "${uploads}": not a folder (give a copy of wp-content/uploads)`);
  }
  let xml: string;
  try {
    xml = readFileSync(file, 'utf8');
  } catch (error) {
    err(`${file}: cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return EXIT.failure;
  }
  const articles = join(contentDir, 'articles');
  let stage: ReturnType<typeof progress.stage> | undefined;
  let report: MigrationReport;
  try {
    report = migrateWordPress(
      xml,
      {
        exportFile: file,
        contentDir,
        force: values.force === true,
        ...(timeZone ? { timeZone } : {}),
        ...(show ? { show } : {}),
        ...(uploads ? { uploads } : {}),
      },
      {
        onStart: (total, refused) => {
          for (const message of refused) err(`${message}\n`);
          stage = progress.stage('writing articles', total, 'posts');
        },
        onArticle: (article, done) => {
          stage?.tick(done);
          if (article.outcome === 'refused') err(`${article.message}\n`);
          if (verbose)
            for (const line of articleLines(article, join(articles, article.path.slice('articles/'.length))))
              out(`${line}\n`);
        },
      },
    );
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('not a WordPress export')) throw error;
    err(`${file}: ${error.message}\n`);
    return EXIT.failure;
  }
  stage?.finish();
  out(formatReport(report, verbose));
  let failed = false;
  if (values.report !== undefined) {
    try {
      writeFileSync(values.report as string, `${JSON.stringify(report, null, 2)}\n`);
    } catch (error) {
      err(
        `--report ${values.report}: cannot be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
      );
      failed = true;
    }
  }
  const refused = report.posts.refused.length;
  if (refused > 0) err(`${refused} post(s) refused (see above); nothing was written for them\n`);
  if (report.siteYaml.problem) err(`${report.siteYaml.problem}\n`);
  return failed || refused > 0 || report.siteYaml.problem ? EXIT.failure : EXIT.ok;
}
