// `npm start`: the Node entry. Reads the environment, starts the server, handles SIGTERM/SIGINT.
import { StartupError, startNodeServer } from './server.ts';

const env = process.env;
// Handlers first, so a signal during start-up is handled too: it stops a compile at once (the compile
// process is killed; it writes nothing half-way) or the server as soon as it is up.
let server: Awaited<ReturnType<typeof startNodeServer>> | undefined;
let stopping: string | undefined;
// A compile under way is stopped at once (its process killed); a store being read is let finish.
const starting = new AbortController();
const stop = (signal: string) => {
  if (stopping) return;
  stopping = signal;
  process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'shutting down', signal })}\n`);
  if (server) server.close(10_000).then(() => process.exit(0));
  else starting.abort();
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
const watch = env.WATCH === '1' || env.WATCH === 'true' || process.argv.includes('--watch');
// package.json's start script passes this flag; a server started by hand (systemd, a container's CMD)
// may not. V8's memory reducer collects when a busy process goes quiet for a moment and leaves node:http
// 10-15% slower for minutes after (README, Performance), so say so. Watch mode is for development.
if (!watch && !process.execArgv.includes('--no-memory-reducer')) {
  process.stdout.write(
    `${JSON.stringify({ level: 'warn', msg: 'node runs without --no-memory-reducer: full responses can be 10-15% slower after a quiet moment; start with npm start or pass its flags (README, Running on Node)' })}\n`,
  );
}
try {
  const port = (env.PORT || '8787').trim();
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    throw new StartupError([`[config] PORT: must be a whole number from 0 to 65535 (is "${env.PORT}")`]);
  }
  server = await startNodeServer({
    contentDir: env.CONTENT_DIR || 'content',
    env,
    port: Number(port),
    host: env.HOST || '0.0.0.0',
    watch,
    signal: starting.signal,
  });
  if (stopping) await server.close(10_000).then(() => process.exit(0));
} catch (error) {
  // Stopped while compiling: the compile process is gone, and nothing was served.
  if (starting.signal.aborted && error === starting.signal.reason) process.exit(0);
  if (error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
