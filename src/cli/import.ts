// CLI: `npm run import -- text|wordpress FILE ...` writes article files under content/articles/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { importText, parseDateOption, parseListOption } from '../import/text.ts';
import { importWordPress } from '../import/wordpress.ts';
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
  const target = join(args.content, 'articles', result.path);
  if (!write(target, result.fileText, args.force)) {
    console.error(`[import] ${target} already exists; not overwritten (use --force to replace it)`);
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
  let written = 0;
  let assumed = 0;
  for (const article of result.articles) {
    const target = join(args.content, 'articles', article.path);
    if (!write(target, article.fileText, args.force)) {
      skipped.exists = (skipped.exists ?? 0) + 1;
      console.log(`exists  ${target}`);
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
  return 0;
}

/** Writes the file, creating folders; false when it exists and force is off ("wx" makes that atomic). */
function write(path: string, text: string, force: boolean | undefined): boolean {
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, text, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** { draft: 2, private: 1 } -> "3 (draft: 2, private: 1)". */
function describe(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return entries.length === 0 ? '0' : `${total} (${entries.map(([k, n]) => `${k}: ${n}`).join(', ')})`;
}

process.exitCode = main(process.argv.slice(2));
