// Cloudflare Workers entry: the store compiled into the bundle by `npm run build`, vars from env.
// Imports only the compiled store and the app: the loader (YAML, Markdown, sanitizer) stays out of the bundle.

import compiledFile from '../../.herald/store.json';
import { createApp } from '../app.ts';
import { systemClock } from '../clock.ts';
import { parseConfig } from '../config.ts';
import type { Logger } from '../context.ts';
import type { CompiledStore } from '../store/article.ts';
import { createStore, type Store } from '../store/store.ts';

type Env = Record<string, unknown>;

// Workers Logs and `wrangler tail` collect console output; errors go to console.error.
const log: Logger = (entry) => (entry.level === 'error' ? console.error : console.log)(JSON.stringify(entry));

let cached: { app: ReturnType<typeof createApp>; key: string } | undefined;

// Built on the first request, not at import: Workers forbid clock reads and I/O at module scope, and
// vars arrive with the request's env.
function appFor(env: Env): { app: ReturnType<typeof createApp> } | { problems: string[] } {
  // Vars do not change within an isolate, but the env object need not be the same one each request.
  const key = JSON.stringify(Object.entries(env).filter(([, v]) => typeof v === 'string'));
  if (cached && cached.key === key) return cached;
  const parsed = parseConfig(env);
  if (!parsed.ok) return { problems: parsed.problems };
  const store: Store = createStore((compiledFile as { compiled: CompiledStore }).compiled);
  const app = createApp({ store, config: parsed.config, clock: systemClock, log });
  cached = { app, key };
  return cached;
}

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    const built = appFor(env);
    if ('problems' in built) {
      // Bad vars are a deployment mistake: say so in the logs, not to every reader.
      log({ level: 'error', msg: 'invalid Worker vars', problems: built.problems.join('; ') });
      return new Response('Service misconfigured. It has been logged.\n', {
        status: 500,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
      });
    }
    return built.app.fetch(request, env);
  },
};
