// `npm run build [-- CONTENT_DIR] [--node-only]`: compile CONTENT_DIR (default content/) into .herald/
// (see build/compiled-store.ts): index.bin + bodies.bin for `npm start` and, unless --node-only,
// assets/ for the Worker (build/worker-assets.ts). Run by src/cli/build.mjs from the bundle in
// .herald/node/ (src/build/bundle.mjs), which `npm start` runs too. Exits 1 on an invalid store.
//
// `npm start` runs it as its compile process (build/compile-child.ts) with --report (which writes no
// Worker assets either) and --compiled-path (where index.bin and bodies.bin go, as COMPILED_PATH): it then
// prints nothing and sends its outcome (a CompileReport) over the IPC channel.
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseConfig } from '../app/config.ts';
import type { CompileReport } from '../build/compile-child.ts';
import { COMPILED_PATH, loadCompiledStore } from '../build/compiled-store.ts';
import { ASSETS_DIR, workerAssetsUpToDate, writeWorkerAssets } from '../build/worker-assets.ts';

const started = performance.now();
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'node-only': { type: 'boolean' },
    'compiled-path': { type: 'string' },
    report: { type: 'boolean' },
  },
});
const contentDir = positionals[0] || process.env.CONTENT_DIR || 'content';
const path = flags['compiled-path'] ?? COMPILED_PATH;

if (flags.report) {
  const send = process.send?.bind(process);
  if (!send) throw new Error('--report: no IPC channel (it is how `npm start` runs the compile)');
  let reported = false;
  // The server is gone (killed, or stopped without killing us): stop compiling for nobody, and leave
  // no half-written file behind.
  process.on('disconnect', () => {
    if (reported) return;
    rmSync(`${path}.${process.pid}.tmp`, { recursive: true, force: true });
    process.exit(1);
  });
  const parsed = parseConfig(process.env);
  const loaded = parsed.ok ? await loadCompiledStore(contentDir, parsed.config.siteUrl, { path }) : undefined;
  const report: CompileReport = {
    problems: parsed.ok ? (loaded?.problems ?? []) : parsed.problems,
    ...(loaded?.saved && loaded.store ? { version: loaded.store.version } : {}),
  };
  reported = true;
  process.exitCode = report.problems.length > 0 ? 1 : 0;
  if (process.connected) send(report, () => process.disconnect());
} else {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.problems.join('\n')}\n`);
    process.exit(1);
  }
  const loaded = await loadCompiledStore(contentDir, parsed.config.siteUrl, { path });
  if (loaded.problems.length > 0 || !loaded.store) {
    process.stderr.write(`${loaded.problems.join('\n')}\n${loaded.problems.length} problem(s); nothing was built.\n`);
    process.exit(1);
  }
  const compiledMs = Math.round(performance.now() - started);
  process.stdout.write(
    `Built ${contentDir}: ${loaded.store.count} articles` +
      `${loaded.threads ? ` on ${loaded.threads} thread${loaded.threads > 1 ? 's' : ''}` : ''}, version ${loaded.store.version}` +
      `${loaded.fromCache ? ' (unchanged)' : ''} in ${compiledMs} ms.\n`,
  );
  if (!flags['node-only']) {
    const assetsStarted = performance.now();
    const now = Date.now();
    // The Worker's assets need every article at hand: compiled again when the store was reused and the
    // assets are not those of this store, settings and instant.
    let memory = loaded.compiled;
    if (!memory && !(await workerAssetsUpToDate(loaded.store, { env: process.env, now }))) {
      memory = (await loadCompiledStore(contentDir, parsed.config.siteUrl, { path, force: true })).compiled;
    }
    const assetFiles = memory ? await writeWorkerAssets(memory, { env: process.env, now }) : 0;
    const assetsMs = Math.round(performance.now() - assetsStarted);
    process.stdout.write(
      assetFiles > 0
        ? `Wrote ${assetFiles} Worker asset files to ${ASSETS_DIR}/ in ${assetsMs} ms.\n`
        : `Worker assets in ${ASSETS_DIR}/ are up to date.\n`,
    );
  }
}
