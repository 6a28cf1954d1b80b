// `herald start`: serve the content directory on Node until SIGTERM or SIGINT.
import { StartupError, startNodeServer } from '../../runtime/node/server.ts';
import { type Command, EXIT, UsageError } from '../command.ts';

const HELP = `usage: herald start [--port N] [--host ADDRESS] [--watch] [--content DIR]

Serves the feeds, pages and media of the content directory on Node. Compiles the store first when it
has changed (in a child process), and reuses .herald/store otherwise.

  --port N        the port to listen on (default: $PORT, else 8787; 0 picks a free one)
  --host ADDRESS  the address to listen on (default: $HOST, else 0.0.0.0)
  --watch         recompile and swap the store when content changes (development; default: $WATCH=1);
                  without SITE_URL, links are built from the address it listens on

Stops gracefully on SIGTERM or SIGINT: requests in flight finish, within 10 s.
For production, start node itself with its flags (docs/operations.md):
  node --expose-gc --no-memory-reducer src/cli/herald.mjs start`;

export const start: Command = {
  name: 'start',
  summary: 'serve the content directory on Node',
  help: HELP,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    watch: { type: 'boolean' },
  },
  async run({ values, contentDir, env, out, err }) {
    const port = String(values.port ?? env.PORT ?? '8787').trim();
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
      throw new UsageError(`--port (or PORT) must be a whole number from 0 to 65535, not "${port}"`);
    }
    const watch = values.watch === true || env.WATCH === '1' || env.WATCH === 'true';
    const log = (entry: object) => out(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
    // The Node memory reducer collects when a busy process goes quiet for a moment and leaves node:http
    // slower for minutes after (docs/performance.md): a server started without the flag says so.
    if (!watch && !process.execArgv.includes('--no-memory-reducer')) {
      log({
        level: 'warn',
        msg: 'node runs without --no-memory-reducer: full responses can be 10-15% slower after a quiet moment; start node with --expose-gc --no-memory-reducer (docs/operations.md)',
      });
    }
    // Handlers first, so a signal during start-up is handled too: it stops a compile at once (the compile
    // process is killed; it writes nothing half-way) or the server as soon as it is up.
    const starting = new AbortController();
    let server: Awaited<ReturnType<typeof startNodeServer>> | undefined;
    let stopped: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      stopped = resolve;
    });
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log({ level: 'info', msg: 'shutting down', signal });
      if (server) void server.close(10_000).then(stopped);
      else starting.abort();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    try {
      server = await startNodeServer({
        contentDir,
        env,
        port: Number(port),
        host: String(values.host ?? env.HOST ?? '0.0.0.0'),
        watch,
        dev: watch,
        signal: starting.signal,
        log,
      });
    } catch (error) {
      // Stopped while compiling: the compile process is gone, and nothing was served.
      if (starting.signal.aborted && error === starting.signal.reason) return EXIT.ok;
      if (error instanceof StartupError) {
        err(`${error.message}\n`);
        return EXIT.failure;
      }
      throw error;
    }
    if (stopping) await server.close(10_000).then(stopped);
    await done;
    return EXIT.ok;
  },
};
