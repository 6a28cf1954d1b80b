// Node only: the CPU time of a Worker's first request, measured in workerd itself (the Workers target: within
// 10 ms, the free plan's limit). The Worker bundle wrangler would deploy runs in a bare `workerd serve`
// whose ASSETS binding is workerd's native disk service: no JavaScript but ours runs in the process,
// as on Cloudflare, where the static assets are another service. The figure is the CPU time of every
// thread of that process (Linux /proc schedstat, nanoseconds) from just before the request to just
// after its body has arrived: the isolate's JavaScript and garbage collection, V8's background
// compilation and workerd's own handling of the request. Unlike a sampling profiler's wall-clock
// samples it does not grow when the machine is busy. The same for a Worker that answers a constant
// text shows what workerd itself costs (the floor). Module evaluation happens when workerd starts,
// before the measurement, as on Cloudflare, where start-up has its own limit.
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'smol-toml';
import { childEnv } from './herald.ts';
import { httpGet } from './http-get.ts';
import { REPO, runCommand, stopChild } from './process.ts';

export interface FirstRequest {
  path: string;
  status: number;
  bytes: number;
  /** CPU time of the workerd process over the request (all threads). */
  cpuMs: number;
  /** What workerd printed (the Worker's console output among it), the last 2,000 characters. */
  output: string;
}

/** The Worker as `wrangler deploy` would upload it (one ES module), in a fresh directory. `assets`: the
 * static assets directory it deploys beside (wrangler refuses a missing one; the repository's own
 * .herald/assets need not exist, as on a fresh clone before `npm run build`). */
export async function bundleWorker(assets: string): Promise<{ dir: string; compatibilityDate: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-workerd-'));
  const wrangler = join(REPO, 'node_modules', '.bin', 'wrangler');
  // wrangler.toml without its [build]: `wrangler deploy` runs that command first, which would compile
  // content/ into the repository's .herald/assets, under the Worker tests reading them at the same time.
  // The assets bundled here are `assets`, made by the caller.
  const config = parse(await readFile(join(REPO, 'wrangler.toml'), 'utf8')) as Record<string, unknown>;
  delete config.build;
  const compatibilityDate = config.compatibility_date;
  if (typeof compatibilityDate !== 'string') throw new Error('wrangler.toml: no compatibility_date');
  const configFile = join(dir, 'wrangler.toml');
  await writeFile(configFile, stringify({ ...config, main: join(REPO, String(config.main)) }));
  const r = await runCommand(
    [wrangler, 'deploy', '--dry-run', '--config', configFile, '--outdir', join(dir, 'out'), '--assets', assets],
    {
      cwd: REPO,
      env: childEnv({ WRANGLER_SEND_METRICS: 'false', CI: '1' }),
      timeoutMs: 120_000,
    },
  );
  if (r.code !== 0) throw new Error(`wrangler deploy --dry-run failed (${r.code}):\n${r.stderr.slice(-2000)}`);
  // The bundle's modules at the top of `dir`, as callers read them.
  for (const file of await readdir(join(dir, 'out'))) await copyFile(join(dir, 'out', file), join(dir, file));
  await rm(join(dir, 'out'), { recursive: true, force: true });
  await rm(configFile);
  await writeFile(
    join(dir, 'floor.js'),
    "export default { fetch: (request) => new Response('ok ' + new URL(request.url).pathname) };\n",
  );
  return { dir, compatibilityDate };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

function config(module: string, compatibilityDate: string, assets: string, port: number): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "assets", disk = (path = ${JSON.stringify(assets)}, writable = false)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed ${JSON.stringify(module)})],
  compatibilityDate = ${JSON.stringify(compatibilityDate)},
  bindings = [(name = "ASSETS", service = "assets")],
);
`;
}

/** Nanoseconds every thread of `pid` has run (Linux). */
async function cpuNs(pid: number): Promise<number> {
  const threads = await readdir(`/proc/${pid}/task`);
  let total = 0;
  for (const t of threads) {
    const stat = await readFile(`/proc/${pid}/task/${t}/schedstat`, 'utf8').catch(() => '0');
    total += Number(stat.split(' ')[0]);
  }
  return total;
}

/** Resolves once something accepts connections on `port` (a connection invokes no Worker). */
async function listening(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}) before listening`);
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`workerd did not listen on ${port} within ${timeoutMs} ms`);
}

/** Resolves once the process has used (almost) no CPU for 50 ms: workerd goes on starting up (module
 * evaluation, background compilation) after it listens, and none of that is the request's. */
async function quiet(pid: number, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  let last = await cpuNs(pid);
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    const now = await cpuNs(pid);
    if (now - last < 200_000) return;
    last = now;
  }
  throw new Error(`workerd (pid ${pid}) still busy ${timeoutMs} ms after it listened`);
}

/** Start workerd on the bundle (`worker.js`, or the constant `floor.js`) and `assets`, GET `path` as
 * the fresh isolate's first request, and stop. */
export async function workerdFirstRequest(
  bundle: { dir: string; compatibilityDate: string },
  assets: string,
  path: string,
  module: 'worker.js' | 'floor.js' = 'worker.js',
): Promise<FirstRequest> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'herald-workerd-run-'));
  await copyFile(join(bundle.dir, module), join(dir, 'worker.js'));
  await writeFile(join(dir, 'config.capnp'), config('worker.js', bundle.compatibilityDate, assets, port));
  const workerd = join(REPO, 'node_modules', '.bin', 'workerd');
  const child = spawn(workerd, ['serve', join(dir, 'config.capnp')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (d: Buffer) => {
    output = (output + d).slice(-2000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  try {
    await listening(port, child, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    const pid = child.pid as number;
    await quiet(pid, 10_000);
    const before = await cpuNs(pid);
    const response = await httpGet(`http://127.0.0.1:${port}${path}`);
    // Work the isolate finishes after the last byte (a deferred GC, the cache's bookkeeping) counts too.
    await new Promise((r) => setTimeout(r, 50));
    const after = await cpuNs(pid);
    return { path, status: response.status, bytes: response.body.length, cpuMs: (after - before) / 1e6, output };
  } finally {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  }
}
