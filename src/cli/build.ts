// `npm run build`: compile CONTENT_DIR (default content/) into .herald/ (see entry/compiled-store.ts):
// store.json for the Worker bundle, index.bin + bodies.bin for `npm start`, and the Node entry as one
// JavaScript file for `npm start` to run under plain node (scripts/node-bundle.mjs). Exits 1 on an
// invalid store.
import { ensureBundle } from '../../scripts/node-bundle.mjs';
import { parseConfig } from '../config.ts';
import { loadCompiledStore } from '../entry/compiled-store.ts';

const started = performance.now();
const contentDir = process.argv[2] || process.env.CONTENT_DIR || 'content';
const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`${parsed.problems.join('\n')}\n`);
  process.exit(1);
}
const loaded = await loadCompiledStore(contentDir, parsed.config.siteUrl);
if (loaded.problems.length > 0 || !loaded.store) {
  process.stderr.write(`${loaded.problems.join('\n')}\n${loaded.problems.length} problem(s); nothing was built.\n`);
  process.exit(1);
}
await ensureBundle();
const ms = Math.round(performance.now() - started);
process.stdout.write(
  `Built ${contentDir}: ${loaded.store.articles.length} articles, version ${loaded.store.version}` +
    `${loaded.fromCache ? ' (unchanged)' : ''} in ${ms} ms.\n`,
);
if (loaded.workerBundleSkipped) {
  process.stdout.write(
    'The store is too large to bundle into a Worker script (3 MB gzipped limit): .herald/store.json was not written.\n',
  );
}
