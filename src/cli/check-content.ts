// `npm run check:content -- DIR`: validate a store without serving it. Prints every problem and exits
// 1, or prints a one-line summary and exits 0.
import { loadStore } from '../store/load.ts';
import { readSources } from '../store/sources-fs.ts';

const dir = (process.argv[2] || 'content').replace(/\/+$/, '');
let sources: Record<string, string>;
try {
  sources = await readSources(dir);
} catch (error) {
  process.stderr.write(`${dir}: cannot be read (${(error as Error).message})\n`);
  process.exit(1);
}
const { store, problems } = await loadStore(sources, { label: dir });
if (problems.length > 0 || !store) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.stderr.write(`${dir}: ${problems.length} problem${problems.length === 1 ? '' : 's'} found.\n`);
  process.exit(1);
}
const files = Object.keys(sources).filter((p) => p.startsWith('articles/')).length;
const drafts = files - store.articles.length;
const tags = new Set(store.articles.flatMap((a) => a.tags)).size;
process.stdout.write(
  `${dir}: OK: ${store.articles.length} article${store.articles.length === 1 ? '' : 's'}` +
    ` (${drafts} draft${drafts === 1 ? '' : 's'} left out), ${tags} tag${tags === 1 ? '' : 's'}, site "${store.site.title}".\n`,
);
