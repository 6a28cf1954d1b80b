// Node only: the command line (src/cli/main.ts, `herald`: the server, the build, every tool) and the
// compile pool's worker (src/build/compile-worker.ts) bundled by esbuild, one JavaScript file each, into
// .herald/node/, so every command runs under plain node: no TypeScript loader in production, no
// transpiling of our modules at each run, in the main thread or in a worker thread. Rebuilt whenever a
// file they were built from has changed.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeAtomically } from './atomic-write.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUNDLE_DIR = join(ROOT, '.herald', 'node');
/** The sources bundled, by name: each becomes BUNDLE_DIR/<name>.mjs. */
export const ENTRIES = {
  herald: 'src/cli/main.ts',
  'compile-worker': 'src/build/compile-worker.ts',
};
const INPUTS = join(BUNDLE_DIR, 'inputs.json');
/** Bump when the options below change, so bundles made with the old ones are rebuilt. */
const RECIPE = 5;

/** The bundled file of one of ENTRIES. */
export function bundleFile(name) {
  if (!Object.hasOwn(ENTRIES, name)) throw new Error(`[bundle] no entry named ${name}`);
  return join(BUNDLE_DIR, `${name}.mjs`);
}

/** Whether the bundle is missing or any file it was built from (or this recipe, or node) changed. */
export function bundleIsStale() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(INPUTS, 'utf8'));
  } catch {
    return true;
  }
  if (stamp.recipe !== RECIPE || stamp.node !== process.version) return true;
  // A few hundred files (ours and the packages bundled in): a millisecond or two of stats.
  return stamp.inputs.some(([path, size, mtime]) => {
    const st = statSync(join(ROOT, path), { throwIfNoEntry: false });
    return !st || st.size !== size || st.mtimeMs !== mtime;
  });
}

/** Bundle every one of ENTRIES into BUNDLE_DIR, in one esbuild call. */
export async function buildBundle() {
  // A dependency (production installs bundle too), loaded only when a bundle is due.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.entries(ENTRIES).map(([out, input]) => ({ in: input, out })),
    outdir: BUNDLE_DIR,
    outExtension: { '.js': '.mjs' },
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: join(ROOT, 'tsconfig.json'),
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    // The compile pool starts its worker threads from the bundled worker beside it (build/compile-pool.ts),
    // and the server its compile process from the bundled build CLI (build/compile-child.ts).
    define: {
      __HERALD_COMPILE_WORKER__: JSON.stringify(`./${basename(bundleFile('compile-worker'))}`),
      __HERALD_CLI__: JSON.stringify(`./${basename(bundleFile('herald'))}`),
    },
    // CommonJS packages bundled into an ES module still call require() for node: built-ins.
    banner: {
      js: "import { createRequire as __heraldRequire } from 'node:module'; const require = __heraldRequire(import.meta.url);",
    },
  });
  mkdirSync(BUNDLE_DIR, { recursive: true });
  // The maps before the code, and the list of inputs last: it says the bundle is complete.
  const isMap = (file) => file.path.endsWith('.map');
  const files = [...result.outputFiles.filter(isMap), ...result.outputFiles.filter((file) => !isMap(file))];
  for (const file of files) writeAtomically(file.path, file.contents);
  const inputs = [...Object.keys(result.metafile.inputs), 'tsconfig.json', 'package-lock.json'].map((path) => {
    const st = statSync(join(ROOT, path));
    return [relative(ROOT, join(ROOT, path)), st.size, st.mtimeMs];
  });
  writeAtomically(INPUTS, JSON.stringify({ recipe: RECIPE, node: process.version, inputs }));
}

/** Build the bundle when it is missing or stale. */
export async function ensureBundle() {
  if (bundleIsStale()) await buildBundle();
}

/** Run one of ENTRIES from the bundle (built first when missing or stale), in this process. */
export async function runBundled(name) {
  const file = bundleFile(name);
  try {
    await ensureBundle();
  } catch (error) {
    // A read-only install (a container, a service user without write access) whose bundle is stale:
    // say what to do, not a stack trace.
    const code = error?.code;
    if (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM') throw error;
    process.stderr.write(
      `herald: cannot write ${BUNDLE_DIR} (${code}), where herald keeps its compiled command line; ` +
        'run any herald command once as a user who can write it (herald --help will do), or make it writable\n',
    );
    process.exit(1);
  }
  await import(pathToFileURL(file).href);
}
