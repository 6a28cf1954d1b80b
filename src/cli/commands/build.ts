// `herald build`: compile the content directory into .herald/store (the Node server's) and the Worker's
// static assets (.herald/assets), or one of them.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig } from '../../app/config.ts';
import type { CompileReport } from '../../build/compile-child.ts';
import { COMPILED_PATH, loadCompiledStore } from '../../build/compiled-store.ts';
import { type SourceStamp, stampSources } from '../../build/source-stamp.ts';
import { ASSETS_DIR, workerAssetsUpToDate, workerMediaProblems, writeWorkerAssets } from '../../build/worker-assets.ts';
import { workerVars } from '../../build/worker-vars.ts';
import { type Command, EXIT, UsageError } from '../command.ts';

const HELP = `usage: herald build [--node | --workers] [--content DIR]

Compiles the content directory: checks every article (all problems are listed, and nothing is written
when there is one), renders the bodies, and writes
  .herald/store/    what \`herald start\` serves (Node)
  .herald/assets/   the Worker's static assets, with its first pages rendered (Cloudflare Workers)
Unchanged content compiled by the same Herald is not compiled again.

  --node          the Node server's store only (no Worker assets: a fraction of the disk)
  --workers       the Worker's assets only, with the settings of wrangler.toml [vars]
  --wrangler FILE the Worker's configuration (default: wrangler.toml)

Settings come from the environment for Node (SITE_URL, FEED_ITEMS...) and from wrangler.toml [vars] for
the Worker, which is what the Worker reads; a SITE_URL in the environment that [vars] contradicts is an
error.`;

export const build: Command = {
  name: 'build',
  summary: 'compile content into .herald/ for Node and Workers',
  help: HELP,
  options: {
    node: { type: 'boolean' },
    workers: { type: 'boolean' },
    wrangler: { type: 'string' },
    // Internal: how `herald start` runs its compile process (build/compile-child.ts).
    report: { type: 'boolean' },
    'compiled-path': { type: 'string' },
  },
  async run({ values, contentDir, env, out, err, progress }) {
    const path = typeof values['compiled-path'] === 'string' ? values['compiled-path'] : COMPILED_PATH;
    if (values.report) return report(contentDir, path, env);
    if (values.node && values.workers) throw new UsageError('--node and --workers: give one, or neither for both');
    const started = performance.now();
    const parsed = parseConfig(env);
    if (!parsed.ok) {
      err(`${parsed.problems.join('\n')}\n`);
      return EXIT.failure;
    }
    const forWorkers = values.node !== true;
    const worker = forWorkers
      ? await workerVars(String(values.wrangler ?? 'wrangler.toml'), env, env.HERALD_DEV_URL)
      : undefined;
    if (worker?.problem) {
      err(`${worker.problem}\n`);
      return EXIT.failure;
    }
    const now = Date.now();
    let memory: Awaited<ReturnType<typeof loadCompiledStore>>['compiled'];
    let encoded: Awaited<ReturnType<typeof loadCompiledStore>>['encoded'];
    let stamp: SourceStamp | undefined;
    if (values.workers !== true) {
      const loaded = await loadCompiledStore(contentDir, parsed.config.siteUrl, { path, now, progress });
      if (loaded.problems.length > 0 || !loaded.store) return failed(loaded.problems, err);
      memory = loaded.compiled;
      encoded = loaded.encoded;
      stamp = loaded.sources;
      const threads = loaded.threads ? ` on ${loaded.threads} thread${loaded.threads > 1 ? 's' : ''}` : '';
      out(
        `Built ${contentDir}: ${loaded.store.count} article${loaded.store.count === 1 ? '' : 's'}${threads}, version ${loaded.store.version}` +
          `${loaded.fromCache ? ' (unchanged)' : ''} in ${Math.round(performance.now() - started)} ms.\n`,
      );
    }
    if (!worker) return EXIT.ok;
    const workerConfig = parseConfig(worker.vars);
    if (!workerConfig.ok)
      return failed(
        workerConfig.problems.map((p) => `wrangler.toml [vars]: ${p}`),
        err,
      );
    const siteUrl = workerConfig.config.siteUrl;
    // What the assets are made from, so an unchanged rebuild neither compiles nor writes: the stamp the
    // Node build took before it read the sources, else one taken now (before the compile below).
    const origin = { contentDir: resolve(contentDir), sources: stamp ?? stampSources(contentDir) };
    if (await workerAssetsUpToDate({ origin }, { env: worker.vars, now })) {
      out(`Worker assets in ${ASSETS_DIR}/ are up to date.\n`);
      return workerNotes(workerConfig.config.hub, out);
    }
    // The Worker's assets need every article at hand, compiled with the Worker's site URL: the store the
    // Node build just compiled when it is that, else compiled here (in memory).
    if (!memory || siteUrl !== parsed.config.siteUrl) {
      const compiled = await loadCompiledStore(contentDir, siteUrl, { write: false, progress });
      if (compiled.problems.length > 0 || !compiled.compiled) return failed(compiled.problems, err);
      memory = compiled.compiled;
      encoded = compiled.encoded;
    }
    // A media file over Cloudflare's limit on one asset: the Worker could not serve it (the Node store
    // above is written all the same; it streams such files from disk).
    const tooLarge = workerMediaProblems(memory, contentDir);
    if (tooLarge.length > 0) return failed(tooLarge, err, 'no Worker assets were written');
    const assetsStarted = performance.now();
    const written = await writeWorkerAssets(memory, {
      env: worker.vars,
      now,
      progress,
      origin,
      contentDir,
      ...(encoded ? { encoded } : {}),
    });
    out(
      written > 0
        ? `Wrote ${written} Worker asset files to ${ASSETS_DIR}/ in ${Math.round(performance.now() - assetsStarted)} ms.\n`
        : `Worker assets in ${ASSETS_DIR}/ are up to date.\n`,
    );
    return workerNotes(workerConfig.config.hub ?? memory.site.hub, out);
  },
};

/** What a Workers deployment with a hub needs besides the assets. */
function workerNotes(hub: string | undefined, out: (text: string) => void): number {
  if (hub) out('A WebSub hub is set: enable the Cron Trigger in wrangler.toml [triggers] to announce go-lives.\n');
  return EXIT.ok;
}

function failed(problems: string[], err: (text: string) => void, outcome = 'nothing was built'): number {
  err(`${problems.join('\n')}\n${problems.length} problem${problems.length === 1 ? '' : 's'}; ${outcome}.\n`);
  return EXIT.failure;
}

/** The compile process of `herald start` (build/compile-child.ts): compiles the Node store and sends
 * what came of it over the IPC channel. */
async function report(contentDir: string, path: string, env: NodeJS.ProcessEnv): Promise<number> {
  const send = process.send?.bind(process);
  if (!send) throw new UsageError('--report: no IPC channel (it is how `herald start` runs its compile)');
  let reported = false;
  // The server is gone (killed, or stopped without killing us): stop compiling for nobody, and leave no
  // half-written directory behind.
  process.on('disconnect', () => {
    if (reported) return;
    rmSync(`${path}.${process.pid}.tmp`, { recursive: true, force: true });
    process.exit(EXIT.failure);
  });
  const parsed = parseConfig(env);
  const loaded = parsed.ok ? await loadCompiledStore(contentDir, parsed.config.siteUrl, { path }) : undefined;
  const outcome: CompileReport = {
    problems: parsed.ok ? (loaded?.problems ?? []) : parsed.problems,
    ...(loaded?.saved && loaded.store ? { version: loaded.store.version } : {}),
  };
  reported = true;
  if (process.connected) await new Promise<void>((resolve) => send(outcome, () => resolve()));
  process.disconnect?.();
  return outcome.problems.length > 0 ? EXIT.failure : EXIT.ok;
}
