// Node only: the store `npm start` serves. The compiled store is reused when it matches the sources;
// otherwise a child process compiles it (`herald build --node --report`) and the server reads it
// back as a restart would. Compiling in the server itself would leave it holding the compiler (YAML,
// Markdown, the sanitizer, the worker threads' code) and what compiling every source left in its heap
// for as long as it serves: more memory than a start on a compiled store, and a slower fast path.
import { type ChildProcess, spawn } from 'node:child_process';
import { constants, rmSync } from 'node:fs';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../app/context.ts';
import { COMPILED_PATH, type LoadedStore, loadCompiledStore, readCompiledStore } from './compiled-store.ts';
import { stampSources } from './source-stamp.ts';

/** What the compile process sends back over its IPC channel, once, before it exits. */
export interface CompileReport {
  /** Every problem of the store (or of the settings); empty when it compiled. */
  problems: string[];
  /** The version of the store it wrote in its directory; absent when it wrote none. */
  version?: string;
}

/** In the bundles of build/bundle.mjs, the bundled command line beside this code (as a URL
 * relative to it); absent when running the sources. */
declare const __HERALD_CLI__: string | undefined;

/** The build CLI to run: the bundled one beside this code, or, from the sources (the tests,
 * `npm run dev:node`), the bundle's, made first when it is missing or stale as `npm start` makes it (a
 * node running the bundle starts its compile several times faster than one loading the TypeScript
 * through tsx). Imported by a URL so no bundle holds the bundler. */
async function cliScript(): Promise<string> {
  if (typeof __HERALD_CLI__ === 'string') return fileURLToPath(new URL(__HERALD_CLI__, import.meta.url));
  const bundler: typeof import('./bundle.mjs') = await import(new URL('./bundle.mjs', import.meta.url).href);
  await bundler.ensureBundle();
  return bundler.bundleFile('herald');
}

/** Where the compile process is to write: the compiled store's own directory, or a temporary one when
 * that cannot be written (a read-only disk: the store is compiled again at every start, as it was when
 * the server compiled in memory); undefined when neither can. */
async function compileTarget(path: string): Promise<{ path: string; temporary: boolean } | undefined> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await access(dirname(path), constants.W_OK);
    return { path, temporary: false };
  } catch {
    // Not ours to write: try the system's temporary directory.
  }
  try {
    return { path: join(await mkdtemp(join(tmpdir(), 'herald-')), basename(path)), temporary: true };
  } catch {
    return undefined;
  }
}

type Outcome = { report: CompileReport } | { failure: string };

/** Run the compile process to its end. An abort kills it (and its worker threads: they are threads of
 * that process) and rejects once it is gone, its partial files removed. */
async function runCompile(
  contentDir: string,
  siteUrl: string | undefined,
  path: string,
  options: { signal?: AbortSignal; log: Logger },
): Promise<Outcome> {
  const env = { ...process.env };
  // The server's setting, whatever its own environment says (a server started in-process is given one).
  if (siteUrl) env.SITE_URL = siteUrl;
  else delete env.SITE_URL;
  // A heap limit raised for a large store applies to its compile; other flags (--inspect) stay here.
  const heap = process.execArgv.filter((arg) => arg.startsWith('--max-old-space-size='));
  let child: ChildProcess;
  try {
    child = spawn(
      process.execPath,
      [...heap, await cliScript(), 'build', '--node', '--report', '--compiled-path', path, '--content', contentDir],
      {
        env,
        // Its stderr is the server's: a warning or a crash of the compile shows where the server's would.
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        ...(options.signal ? { signal: options.signal } : {}),
        // Nothing to finish: the files it writes are renamed into place whole, and the partial ones are
        // removed below. SIGKILL also stops a compile process that is stopped (SIGSTOP) or stuck.
        killSignal: 'SIGKILL',
      },
    );
  } catch (error) {
    return { failure: `the compile process did not start: ${String(error)}` };
  }
  const pid = child.pid;
  // Listening before anything else runs: an abort emits 'error' at once.
  const outcome = new Promise<Outcome>((resolve, reject) => {
    let report: CompileReport | undefined;
    let failure: string | undefined;
    child.once('message', (message) => {
      report = message as CompileReport;
    });
    child.once('error', (error) => {
      // An abort (the child is being killed) or a spawn that failed: 'close' follows either way.
      failure ??= `the compile process failed: ${error.message}`;
    });
    child.once('close', (code, signal) => {
      if (options.signal?.aborted) {
        // The directory it was writing, swapped in only once complete (build/asset-directory.ts).
        const partial = pid === undefined ? [] : [`${path}.${pid}.tmp`];
        Promise.all(partial.map((dir) => rm(dir, { recursive: true, force: true }))).then(
          () => reject(options.signal?.reason),
          () => reject(options.signal?.reason),
        );
        return;
      }
      if (report) resolve({ report });
      else resolve({ failure: failure ?? `the compile process exited with ${signal ?? `code ${code}`}` });
    });
  });
  if (pid !== undefined) {
    options.log({ level: 'info', msg: 'compiling the store in a child process', contentDir, pid });
  }
  return outcome;
}

/**
 * The store to serve from `contentDir`: the compiled one at `path` when it matches the sources, else
 * one compiled by a child process into `path` (or a temporary directory) and read back. Only when no
 * child could compile it is it compiled here, with a warning.
 */
export async function loadServingStore(
  contentDir: string,
  siteUrl: string | undefined,
  options: { path?: string; signal?: AbortSignal; log: Logger; now: number },
): Promise<LoadedStore> {
  const path = options.path ?? COMPILED_PATH;
  const { now } = options;
  const reused = await readCompiledStore(contentDir, siteUrl, { path, stamp: stampSources(contentDir), now });
  if (reused) return { store: reused, problems: [], fromCache: true, saved: true };
  const target = await compileTarget(path);
  let why = `cannot write ${dirname(path)} nor a temporary directory`;
  if (target) {
    if (target.temporary) {
      options.log({
        level: 'warn',
        msg: `cannot write ${dirname(path)}: the store is compiled into a temporary directory, at every start`,
      });
    }
    try {
      const outcome = await runCompile(contentDir, siteUrl, target.path, options);
      if ('report' in outcome && outcome.report.problems.length > 0) {
        return { problems: outcome.report.problems, fromCache: false };
      }
      const version = 'report' in outcome ? outcome.report.version : undefined;
      // The store the child wrote, even if a source changed while it compiled (the next start compiles
      // again): a server compiling in memory serves what it read too.
      const store =
        version === undefined
          ? undefined
          : await readCompiledStore(contentDir, siteUrl, { path: target.path, version, now });
      if (store) {
        // Pages are read from it as long as the server runs: a temporary directory goes when it exits.
        if (target.temporary)
          process.once('exit', () => rmSync(dirname(target.path), { recursive: true, force: true }));
        return { store, problems: [], fromCache: false, ...(target.temporary ? {} : { saved: true }) };
      }
      why = 'failure' in outcome ? outcome.failure : `the compile process could not write ${dirname(target.path)}`;
    } catch (error) {
      if (target.temporary) await rm(dirname(target.path), { recursive: true, force: true }).catch(() => {});
      throw error;
    }
    if (target.temporary) await rm(dirname(target.path), { recursive: true, force: true }).catch(() => {});
  }
  options.log({ level: 'warn', msg: `${why}: compiling the store in this process` });
  return loadCompiledStore(contentDir, siteUrl, { path, now });
}
