// Node only: the Node entry (src/entry/node.ts) bundled by esbuild into one JavaScript file in
// .herald/node/, so `npm start` runs it under plain node: no tsx start-up and no transpiling of our
// modules at each start (issue 5). Rebuilt whenever a file it was built from has changed.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUNDLE_DIR = join(ROOT, '.herald', 'node');
export const BUNDLE_FILE = join(BUNDLE_DIR, 'node.mjs');
const INPUTS = join(BUNDLE_DIR, 'inputs.json');
/** Bump when the options below change, so bundles made with the old ones are rebuilt. */
const RECIPE = 2;

/** Whether the bundle is missing or any file it was built from (or this recipe, or node) changed. */
export function bundleIsStale() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(INPUTS, 'utf8'));
  } catch {
    return true;
  }
  if (stamp.recipe !== RECIPE || stamp.node !== process.version) return true;
  // About 150 files (ours and the packages bundled in): a millisecond or two of stats.
  return stamp.inputs.some(([path, size, mtime]) => {
    const st = statSync(join(ROOT, path), { throwIfNoEntry: false });
    return !st || st.size !== size || st.mtimeMs !== mtime;
  });
}

/** Replaces a file as a whole: a start running at the same moment reads the old file or the new one. */
function writeAtomically(path, data) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Bundle the Node entry into BUNDLE_DIR. */
export async function buildBundle() {
  // esbuild comes with tsx (and vite, wrangler); loaded only when a bundle is due.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['src/entry/node.ts'],
    outfile: BUNDLE_FILE,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: join(ROOT, 'tsconfig.json'),
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    // CommonJS packages bundled into an ES module still call require() for node: built-ins.
    // The compile pool starts its worker threads from the sources (entry/compile-pool.ts).
    define: { __HERALD_ENTRY_DIR__: JSON.stringify(pathToFileURL(join(ROOT, 'src', 'entry', '/')).href) },
    banner: {
      js: "import { createRequire as __heraldRequire } from 'node:module'; const require = __heraldRequire(import.meta.url);",
    },
  });
  mkdirSync(BUNDLE_DIR, { recursive: true });
  // The map before the code, and the list of inputs last: it says the bundle is complete.
  const isMap = (file) => file.path.endsWith('.map');
  const files = [...result.outputFiles.filter(isMap), ...result.outputFiles.filter((file) => !isMap(file))];
  for (const file of files) writeAtomically(file.path, file.contents);
  const inputs = [...Object.keys(result.metafile.inputs), 'tsconfig.json', 'package-lock.json'].map((path) => {
    const st = statSync(join(ROOT, path));
    return [relative(ROOT, join(ROOT, path)), st.size, st.mtimeMs];
  });
  writeAtomically(INPUTS, JSON.stringify({ recipe: RECIPE, node: process.version, inputs }));
}

/** The bundle's path, built first when missing or stale. */
export async function ensureBundle() {
  if (bundleIsStale()) await buildBundle();
  return BUNDLE_FILE;
}
