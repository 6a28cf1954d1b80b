// `herald check`: validate the content directory without serving or writing anything.
import { type IgnoredFile, listIgnoredArticles, readContent } from '../../build/sources.ts';
import { loadStore } from '../../content/load.ts';
import type { MediaFiles } from '../../core/article.ts';
import { describeSummary, summarizeStore } from '../../store/summary.ts';
import { type Command, EXIT, UsageError, VERBOSE } from '../command.ts';

const HELP = `usage: herald check [--now INSTANT] [--content DIR]

Checks every article and site.yaml and prints every problem, one a line, naming the file and the field
(exit 1); or a summary: how many articles are published, scheduled (and when the next goes live) and
drafts (exit 0). Files under articles/ that look like articles but are not read are named as warnings.

  --now INSTANT   judge what is published at this instant (ISO 8601) instead of now
  --verbose       list each article, published or scheduled`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const check: Command = {
  name: 'check',
  summary: 'check the content and say what is published and scheduled',
  help: HELP,
  options: { now: { type: 'string' }, ...VERBOSE },
  async run({ values, contentDir, out, err, verbose }) {
    // What is published and what is scheduled depends on the instant: now, unless --now names another
    // ("what will be live on Monday morning"), which also keeps tests independent of the calendar.
    const now = typeof values.now === 'string' ? Date.parse(values.now) : Date.now();
    if (Number.isNaN(now)) {
      throw new UsageError(`--now: "${values.now}" is not an instant; use ISO 8601 such as 2024-06-01T12:00:00Z`);
    }
    const dir = contentDir.replace(/\/+$/, '') || '/';
    let sources: Record<string, string>;
    let media: MediaFiles;
    let ignored: IgnoredFile[];
    try {
      ({ sources, media } = await readContent(dir));
      ignored = listIgnoredArticles(dir);
    } catch (error) {
      err(`${dir}: cannot be read (${(error as Error).message})\n`);
      return EXIT.failure;
    }
    const warnings = ignored.map((file) => `${dir}/${file.path}: warning: ${file.reason}`);
    const { store, problems, drafts } = await loadStore(sources, { label: dir, media });
    if (problems.length > 0 || !store) {
      err(`${[...problems, ...warnings].join('\n')}\n`);
      const also = warnings.length > 0 ? `, and ${plural(warnings.length, 'file')} not read (warnings above)` : '';
      err(`${dir}: ${plural(problems.length, 'problem')} found${also}.\n`);
      return EXIT.failure;
    }
    if (warnings.length > 0) err(`${warnings.join('\n')}\n`);
    if (verbose) for (const a of store.articles) out(`${a.published <= now ? 'published' : 'scheduled'} ${a.source}\n`);
    const summary = describeSummary(summarizeStore(store, now, drafts), store.site.timezone);
    // Tags of published articles only: like every list readers see, the count leaves scheduled ones out.
    const tags = new Set(store.articles.filter((a) => a.published <= now).flatMap((a) => a.tags)).size;
    const unread = warnings.length > 0 ? `; ${plural(warnings.length, 'file')} not read (warnings above)` : '';
    out(`${dir}: OK: ${summary}; ${plural(tags, 'tag')}, site "${store.site.title}"${unread}.\n`);
    return EXIT.ok;
  },
};
