// Node only: the CPU time of a Worker's first request, measured inside workerd itself. `wrangler dev`
// serves the built static assets in a fresh isolate; before the first request arrives the benchmark
// attaches to the isolate over the DevTools protocol (wrangler's inspector port) and starts V8's
// sampling profiler; the samples that are not idle add up to the CPU the isolate spent on that request
// (issue 5: within 10 ms, the free plan's limit). Module evaluation happens at start-up, before the
// profiler starts, as it does on Cloudflare, where start-up has its own limit.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { childEnv } from './herald.ts';
import { httpGet } from './http-get.ts';
import { REPO, type Server, startServer } from './process.ts';

interface Profile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface FirstRequest {
  path: string;
  status: number;
  bytes: number;
  /** Profiler samples in the isolate's JavaScript and garbage collection. */
  cpuMs: number;
  /** Samples V8 could not attribute ("(program)"); see busyMs. */
  programMs: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** A minimal DevTools protocol client: one request, one answer. */
async function devtools(url: string) {
  // wrangler's inspector proxy accepts the DevTools front end's origin.
  const socket = new WebSocket(url, { headers: { origin: 'https://devtools.devprod.cloudflare.dev' } });
  await new Promise((done, fail) => {
    socket.once('open', done);
    socket.once('error', fail);
  });
  let next = 0;
  const waiting = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message);
  });
  return {
    call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      const id = ++next;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((done, fail) =>
        waiting.set(id, (m) =>
          m.error ? fail(new Error(`${method}: ${JSON.stringify(m.error)}`)) : done(m.result as T),
        ),
      );
    },
    close: () => socket.close(),
  };
}

/** Non-idle samples, split: JavaScript and garbage collection of this isolate, and "(program)", native
 * time V8 cannot attribute. Under `wrangler dev` the latter includes the local static-assets server and
 * dev middleware, which run on the same thread but are not the Worker's CPU on Cloudflare, so the two
 * are reported apart rather than guessed at. */
function busyMs(profile: Profile): { cpuMs: number; programMs: number } {
  const kind = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
  let cpu = 0;
  let program = 0;
  profile.samples.forEach((node, i) => {
    const name = kind.get(node);
    const delta = profile.timeDeltas[i] ?? 0;
    if (name === '(program)') program += delta;
    else if (name !== '(idle)') cpu += delta;
  });
  return { cpuMs: cpu / 1000, programMs: program / 1000 };
}

/** Start `wrangler dev` on `assets`, profile the isolate's first request (to `path`), stop. */
export async function workerdFirstRequest(assets: string, path: string): Promise<FirstRequest> {
  const [port, inspector] = [await freePort(), await freePort()];
  const wrangler = join(REPO, 'node_modules', '.bin', 'wrangler');
  let server: Server | undefined;
  try {
    server = await startServer(
      [wrangler, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector)].concat([
        '--assets',
        assets,
        '--log-level',
        'info',
        '--show-interactive-dev-session=false',
      ]),
      {
        cwd: REPO,
        env: childEnv({ WRANGLER_SEND_METRICS: 'false', CI: '1' }),
        timeoutMs: 120_000,
        ready: /Ready on (http:\/\/\S+)/,
      },
    );
    const session = await devtools(`ws://127.0.0.1:${inspector}/ws`);
    try {
      await session.call('Profiler.enable');
      await session.call('Profiler.setSamplingInterval', { interval: 50 });
      await session.call('Profiler.start');
      const response = await httpGet(`http://127.0.0.1:${port}${path}`);
      const { profile } = await session.call<{ profile: Profile }>('Profiler.stop');
      if (process.env.PROFILE_OUT) await writeFile(process.env.PROFILE_OUT, JSON.stringify(profile));
      return { path, status: response.status, bytes: response.body.length, ...busyMs(profile) };
    } finally {
      session.close();
    }
  } finally {
    await server?.stop();
  }
}
