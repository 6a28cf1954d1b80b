// Node only: start Herald's Node entry on a content directory, and fetch a feed's exact
// representation (bytes, ETag, 200 and 304 headers) the way a benchmark client sees it.
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBundle } from '../../src/build/bundle.mjs';
import type { BaselineRoute } from './baseline-server.ts';
import { httpGet, waitFor200 } from './http-get.ts';
import { pinned, REPO, runCommand, type Server, startServer } from './process.ts';

/** A clean environment: nothing from the caller's shell (LOG_REQUESTS, HUB_URL...) changes the numbers. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TSX_TSCONFIG_PATH: join(REPO, 'tsconfig.json'),
    ...extra,
  };
}

/**
 * `npm run build` for `contentDir` as users run it (plain node on src/cli/herald.mjs), from `runDir` so
 * its .herald/ cache lands there and not in the repository (where the Worker build and other work read
 * it). The cache is removed first, so this is a cold compile; the bundle of our code in the repository's
 * .herald/node/ is made before the clock starts, as any build after the first finds it made.
 * Returns the wall-clock ms of the whole build, and the part of it that wrote the Worker's static
 * assets (not compiling: the compile target compares parse, validate and render with Hugo).
 */
export async function compileStore(
  contentDir: string,
  runDir: string,
  timeoutMs: number,
): Promise<{ ms: number; assetsMs: number }> {
  await rm(join(runDir, '.herald'), { recursive: true, force: true });
  await mkdir(runDir, { recursive: true });
  await ensureBundle();
  const r = await runCommand([process.execPath, join(REPO, 'src/cli/herald.mjs'), 'build'], {
    cwd: runDir,
    env: childEnv({ CONTENT_DIR: contentDir }),
    timeoutMs,
  });
  if (r.code !== 0) throw new Error(`build of ${contentDir} failed (${r.code}):\n${r.stderr.slice(-3000)}`);
  if (/unchanged/.test(r.stdout)) throw new Error(`build of ${contentDir} reused a cache: ${r.stdout.trim()}`);
  return { ms: r.ms, assetsMs: Number(/Worker asset files .* in (\d+) ms/.exec(r.stdout)?.[1] ?? 0) };
}

export interface StartedHerald {
  server: Server;
  /** Spawn to the first 200 on /rss.xml. */
  startMs: number;
  /** Whether Herald said it started from the compiled cache ("compiled" in its listening line). */
  fromCache: boolean | undefined;
}

/**
 * The command `npm start` runs (package.json's start script), with this node: the bench and the tests
 * start Herald exactly as users do, flags included, so the two cannot drift apart.
 */
export function npmStartCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: { start: string } };
  // "exec node [--flags] ENTRY [ARGS]": exec makes node the process npm started (signals reach it).
  const words = pkg.scripts.start.split(/\s+/);
  const [program, ...rest] = words[0] === 'exec' ? words.slice(1) : words;
  const entry = rest.findIndex((a) => !a.startsWith('--'));
  if (program !== 'node' || entry < 0) {
    throw new Error(`package.json start script is not "[exec] node [--flags] ENTRY [ARGS]": ${pkg.scripts.start}`);
  }
  return [process.execPath, ...rest.slice(0, entry), join(REPO, rest[entry] as string), ...rest.slice(entry + 1)];
}

/** `npm start` (npmStartCommand) with CONTENT_DIR, PORT=0, HOST=127.0.0.1 and `env` (pinned to
 * `cpu`), up to its first 200. */
export async function startHerald(
  contentDir: string,
  runDir: string,
  cpu: number | undefined,
  timeoutMs: number,
  env: Record<string, string> = {},
): Promise<StartedHerald> {
  await mkdir(runDir, { recursive: true });
  // As `npm start` runs it: plain node on the bundled entry (built by compileStore's `npm run build`).
  const server = await startServer(pinned(npmStartCommand(), cpu), {
    cwd: runDir,
    env: childEnv({ ...env, CONTENT_DIR: contentDir, PORT: '0', HOST: '127.0.0.1' }),
    timeoutMs,
  });
  try {
    const at = await waitFor200(`${server.url}rss.xml`, timeoutMs);
    const compiled = server.listening.compiled;
    return { server, startMs: at - server.spawnedAt, fromCache: typeof compiled === 'boolean' ? compiled : undefined };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

// Hop-by-hop and per-response headers the baseline must compute itself.
const SKIP = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);
const keep = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !SKIP.has(k)));

/** The identity representation at `path`: body, ETag, and the headers of its 200 and its 304. */
export async function fetchRepresentation(baseUrl: string, path: string): Promise<BaselineRoute> {
  const url = new URL(path.replace(/^\//, ''), baseUrl).toString();
  const ok = await httpGet(url);
  const etag = ok.headers.etag;
  if (ok.status !== 200 || !etag) throw new Error(`GET ${url}: expected a 200 with an ETag, got ${ok.status}`);
  const notModified = await httpGet(url, { 'if-none-match': etag });
  if (notModified.status !== 304)
    throw new Error(`GET ${url} If-None-Match ${etag}: expected 304, got ${notModified.status}`);
  return { body: ok.body, etag, headers: keep(ok.headers), notModifiedHeaders: keep(notModified.headers) };
}
