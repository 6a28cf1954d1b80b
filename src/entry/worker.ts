// Cloudflare Workers entry: the store compiled into the bundle by `npm run build`, vars from env.

import compiledFile from '../../.herald/store.json';
import { createApp } from '../app.ts';
import { systemClock } from '../clock.ts';
import { parseConfig } from '../config.ts';
import type { CompiledStore } from '../store/article.ts';
import { createStore, type Store } from '../store/store.ts';

type Env = Record<string, unknown>;

let cached: { app: ReturnType<typeof createApp>; key: string } | undefined;

// Built on the first request, not at import: Workers forbid clock reads and I/O at module scope, and
// vars arrive with the request's env.
function appFor(env: Env) {
  // Vars do not change within an isolate, but the env object need not be the same one each request.
  const key = JSON.stringify(Object.entries(env).filter(([, v]) => typeof v === 'string'));
  if (cached && cached.key === key) return cached.app;
  const parsed = parseConfig(env);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const store: Store = createStore((compiledFile as { compiled: CompiledStore }).compiled);
  const app = createApp({ store, config: parsed.config, clock: systemClock });
  cached = { app, key };
  return app;
}

export default {
  fetch(request: Request, env: Env) {
    return appFor(env).fetch(request, env);
  },
};
