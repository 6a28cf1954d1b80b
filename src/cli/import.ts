// CLI: `npm run import -- text|wordpress FILE ...` writes article files under content/articles/.
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { importText, parseDateOption, parseListOption } from '../import/text.ts';
import { describePost, importWordPress } from '../import/wordpress.ts';
import { parseTimeZone } from '../import/wp-date.ts';

const USAGE = `usage:
  npm run import -- text FILE --date YYYY-MM-DD [--tags a,b] [--author NAME] [--content DIR] [--force]
  npm run import -- wordpress FILE [--timezone ZONE] [--content DIR] [--force]

  text       plain text: title on the first line, blank-line separated paragraphs
  wordpress  a WordPress export (Tools > Export, WXR .xml): published and scheduled posts
  --content  content directory (default: content); files go to DIR/articles/YYYY/SLUG.md
  --force    overwrite existing files (default: refuse)
  --timezone for posts without a GMT date: IANA name (Europe/Berlin), +HH:MM or hours`;

class UsageError extends Error {}

function main(argv: string[]): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`[import] ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    return parsed.kind === 'text' ? runText(parsed) : runWordPress(parsed);
  } catch (error) {
    console.error(`[import] ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

type Parsed = ReturnType<typeof parse>;

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      date: { type: 'string' },
      tags: { type: 'string' },
      author: { type: 'string' },
      content: { type: 'string', default: 'content' },
      timezone: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help' as const;
  const [kind, file, ...extra] = positionals;
  if (kind !== 'text' && kind !== 'wordpress')
    throw new Error(`unknown importer "${kind ?? ''}": expected text or wordpress`);
  if (!file) throw new Error(`${kind}: FILE is missing`);
  if (extra.length > 0) throw new Error(`unexpected arguments: ${extra.join(' ')}`);
  if (kind === 'wordpress' && (values.date || values.tags || values.author)) {
    throw new Error('wordpress: --date, --tags and --author come from the export; they apply to text only');
  }
  if (kind === 'text' && values.timezone) throw new Error('text: --timezone applies to wordpress only');
  return { kind, file, ...values } as const;
}

function runText(args: Exclude<Parsed, 'help'>): number {
  let date: string;
  try {
    date = parseDateOption(args.date);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const source = readFileSync(args.file, 'utf8');
  const result = importText(source, {
    date,
    tags: parseListOption(args.tags),
    author: args.author?.trim() || undefined,
  });
  const articles = join(args.content, 'articles');
  const target = join(articles, result.path);
  const written = writeArticle(articles, result.path, result.fileText, args.force);
  if (written !== true) {
    console.error(
      written === 'exists'
        ? `[import] ${target} already exists; not overwritten (use --force to replace it)`
        : `[import] ${args.file}: not written: ${written.refused}`,
    );
    return 1;
  }
  if (result.droppedLines > 0)
    console.error(`[import] dropped ${result.droppedLines} comment-form line(s) from the end`);
  console.log(target);
  return 0;
}

function runWordPress(args: Exclude<Parsed, 'help'>): number {
  if (args.timezone) {
    try {
      parseTimeZone(args.timezone);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const result = importWordPress(readFileSync(args.file, 'utf8'), {
    timeZone: args.timezone,
  });
  const skipped = { ...result.skipped };
  for (const post of result.refused) console.error(`[import] ${args.file}: ${post.message}`);
  let refused = result.refused.length;
  let written = 0;
  let assumed = 0;
  const articles = join(args.content, 'articles');
  for (const article of result.articles) {
    const target = join(articles, article.path);
    const outcome = writeArticle(articles, article.path, article.fileText, args.force);
    if (outcome === 'exists') {
      skipped.exists = (skipped.exists ?? 0) + 1;
      console.log(`exists  ${target}`);
      continue;
    }
    if (outcome !== true) {
      skipped['outside-articles'] = (skipped['outside-articles'] ?? 0) + 1;
      refused++;
      console.error(
        `[import] ${args.file}: ${describePost(article.title, article.postId)}: not written: ${outcome.refused}`,
      );
      continue;
    }
    written++;
    console.log(`wrote   ${target}`);
    if (article.dateAssumed) {
      assumed++;
      console.log(`        date: ${article.dateAssumed}`);
    }
    for (const note of article.notes) console.log(`        note: ${note}`);
  }
  console.log(`imported ${written}; skipped ${describe(skipped)}; not posts ${describe(result.notPosts)}`);
  if (assumed > 0) {
    console.log(
      `dates: ${assumed} post(s) had no GMT date (see "date:" above); check them, or re-run with --timezone ZONE --force`,
    );
  }
  if (refused > 0) console.error(`[import] ${refused} post(s) refused (see above); nothing was written for them`);
  return refused > 0 ? 1 : 0;
}

/**
 * Writes `path` (relative, "/"-separated) under `articles`, creating folders one at a time. Whatever
 * the importer produced and whatever the folders hold, the file lands inside the real `articles` folder
 * or nowhere: every folder on the way is resolved with realpath after it exists, so a symlink leading
 * out of the store is refused rather than followed. Returns true, 'exists' (force off: O_EXCL makes
 * that check atomic, and it never follows a symlink), or why it was refused.
 */
function writeArticle(
  articles: string,
  path: string,
  text: string,
  force: boolean | undefined,
): true | 'exists' | { refused: string } {
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\0]/.test(s)))
    return { refused: `"${path}" is not a plain path inside ${articles}` };
  mkdirSync(articles, { recursive: true });
  const root = realpathSync(articles);
  const outside = (real: string) => {
    const rel = relative(root, real);
    return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  };
  let dir = root;
  let shown = articles;
  for (const segment of segments.slice(0, -1)) {
    shown = join(shown, segment);
    try {
      mkdirSync(join(dir, segment));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let real: string;
    try {
      real = realpathSync(join(dir, segment));
    } catch {
      return { refused: `${shown} is a symbolic link to a missing folder` };
    }
    if (outside(real)) return { refused: `${shown} leads to ${real}, outside ${articles}` };
    dir = real;
  }
  let file = join(dir, segments[segments.length - 1] as string);
  const shownFile = join(shown, segments[segments.length - 1] as string);
  const existing = lstatSync(file, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) {
    if (!force) return 'exists';
    try {
      file = realpathSync(file);
    } catch {
      return { refused: `${shownFile} is a symbolic link to a missing file` };
    }
    if (outside(file)) return { refused: `${shownFile} leads to ${file}, outside ${articles}` };
  }
  // With --force the resolved file is opened without following a link, so one swapped in since the
  // check above is refused by the system (ELOOP) rather than written through.
  const flag =
    constants.O_WRONLY | constants.O_CREAT | (force ? constants.O_TRUNC | constants.O_NOFOLLOW : constants.O_EXCL);
  let fd: number;
  try {
    fd = openSync(file, flag, 0o666);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'exists';
    if (code === 'ELOOP') return { refused: `${shownFile} became a symbolic link while it was written` };
    throw error;
  }
  try {
    writeFileSync(fd, text, 'utf8');
  } finally {
    closeSync(fd);
  }
  return true;
}

/** { draft: 2, private: 1 } -> "3 (draft: 2, private: 1)". */
function describe(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return entries.length === 0 ? '0' : `${total} (${entries.map(([k, n]) => `${k}: ${n}`).join(', ')})`;
}

process.exitCode = main(process.argv.slice(2));
