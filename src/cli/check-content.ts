// `npm run check:content -- [DIR] [--now INSTANT]`: validate a store without serving it. Prints every
// problem and exits 1, or prints a one-line summary (published, scheduled, drafts) and exits 0. Files
// under articles/ that look like articles but are not read are named as warnings either way.

import { type IgnoredFile, listIgnoredArticles, readSources } from '../build/sources.ts';
import { loadStore } from '../content/load.ts';
import { describeSummary, summarizeStore } from '../store/summary.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let dir = 'content';
// What is published and what is scheduled depends on the instant: now, unless --now names another
// ("what will be live on Monday morning"), which also keeps tests independent of the calendar.
let now = Date.now();
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i] as string;
  if (arg === '--now' || arg.startsWith('--now=')) {
    const value = arg === '--now' ? args[++i] : arg.slice('--now='.length);
    now = Date.parse(value ?? '');
    if (!value || Number.isNaN(now)) {
      fail(`--now: "${value ?? ''}" is not an instant; use ISO 8601 such as 2024-06-01T12:00:00Z`);
    }
  } else if (arg.startsWith('-')) fail(`${arg}: unknown option (usage: check-content [DIR] [--now INSTANT])`);
  else dir = arg;
}
dir = dir.replace(/\/+$/, '') || '/';

let sources: Record<string, string>;
let ignored: IgnoredFile[];
try {
  sources = await readSources(dir);
  ignored = listIgnoredArticles(dir);
} catch (error) {
  fail(`${dir}: cannot be read (${(error as Error).message})`);
}
const warnings = ignored.map((file) => `${dir}/${file.path}: warning: ${file.reason}`);
const { store, problems, drafts } = await loadStore(sources, { label: dir });
if (problems.length > 0 || !store) {
  process.stderr.write(`${[...problems, ...warnings].join('\n')}\n`);
  const also = warnings.length > 0 ? `, and ${plural(warnings.length, 'file')} not read (warnings above)` : '';
  fail(`${dir}: ${plural(problems.length, 'problem')} found${also}.`);
}
if (warnings.length > 0) process.stderr.write(`${warnings.join('\n')}\n`);
const summary = describeSummary(summarizeStore(store, now, drafts), store.site.timezone);
// Tags of published articles only: like every list readers see, the count leaves scheduled ones out.
const tags = new Set(store.articles.filter((a) => a.published <= now).flatMap((a) => a.tags)).size;
const unread = warnings.length > 0 ? `; ${plural(warnings.length, 'file')} not read (warnings above)` : '';
process.stdout.write(`${dir}: OK: ${summary}; ${plural(tags, 'tag')}, site "${store.site.title}"${unread}.\n`);
