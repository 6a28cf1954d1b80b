// `npm run build`: compile CONTENT_DIR (default content/) into .herald/ (see entry/compiled-store.ts):
// index.bin + bodies.bin for `npm start` and assets/ for the Worker (entry/worker-assets.ts). Run by
// src/cli/build.mjs from the bundle in .herald/node/ (src/entry/node-bundle.mjs), which `npm start`
// runs too. Exits 1 on an invalid store.
import { parseConfig } from '../config.ts';
import { loadCompiledStore } from '../entry/compiled-store.ts';
import { ASSETS_DIR, writeWorkerAssets } from '../entry/worker-assets.ts';

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
const compiledMs = Math.round(performance.now() - started);
process.stdout.write(
  `Built ${contentDir}: ${loaded.store.articles.length} articles` +
    `${loaded.threads ? ` on ${loaded.threads} thread${loaded.threads > 1 ? 's' : ''}` : ''}, version ${loaded.store.version}` +
    `${loaded.fromCache ? ' (unchanged)' : ''} in ${compiledMs} ms.\n`,
);
const assetsStarted = performance.now();
const assetFiles = await writeWorkerAssets(loaded.store, { env: process.env, now: Date.now() });
const assetsMs = Math.round(performance.now() - assetsStarted);
process.stdout.write(
  assetFiles > 0
    ? `Wrote ${assetFiles} Worker asset files to ${ASSETS_DIR}/ in ${assetsMs} ms.\n`
    : `Worker assets in ${ASSETS_DIR}/ are up to date.\n`,
);
