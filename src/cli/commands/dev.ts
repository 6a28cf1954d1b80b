// `herald dev`: a development server that links to itself and picks up content edits: the Worker in
// `wrangler dev` (default), or the Node server with --node.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { type Command, EXIT, UsageError } from '../command.ts';
import { start } from './start.ts';

const HELP = `usage: herald dev [--port N] [--node] [--content DIR] [wrangler dev flags...]

A local server for writing and checking content. Without SITE_URL, every link points at the server
itself (http://localhost:PORT/), as \`hugo server\` does; content edits are picked up as they are saved.

  --port N   the port (default 8787)
  --node     the Node server (herald start --watch) instead of the Worker in wrangler dev

Any other flag goes to \`wrangler dev\` as it is (--ip, --local-protocol, --inspector-port...). The
Worker's assets are rebuilt by wrangler.toml's [build] command whenever content/ or src/ changes.`;

export const dev: Command = {
  name: 'dev',
  summary: 'a local server that links to itself and reloads content',
  help: HELP,
  options: { port: { type: 'string' }, node: { type: 'boolean' } },
  passThrough: true,
  async run(context) {
    const { values, positionals, contentDir, env } = context;
    const port = String(values.port ?? '8787');
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535)
      throw new UsageError(`--port must be a port number, not "${port}"`);
    if (values.node) {
      if (positionals.length > 0) throw new UsageError(`--node takes no wrangler flags: ${positionals.join(' ')}`);
      return start.run({ ...context, values: { port, watch: true } });
    }
    const siteUrl = env.SITE_URL || `http://localhost:${port}/`;
    let wrangler: string;
    try {
      wrangler = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');
    } catch {
      context.err('herald dev runs wrangler, a development dependency: run `npm install` (or use herald dev --node)\n');
      return EXIT.failure;
    }
    // The build wrangler runs ([build] in wrangler.toml) renders links with HERALD_DEV_URL; the Worker
    // gets the same address as its SITE_URL, so the two agree.
    const args = [wrangler, 'dev', '--port', port, '--var', `SITE_URL:${siteUrl}`, ...positionals];
    const child = spawn(process.execPath, args, {
      stdio: 'inherit',
      env: { ...env, HERALD_DEV_URL: siteUrl, CONTENT_DIR: contentDir },
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
    return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? EXIT.failure)));
  },
};
