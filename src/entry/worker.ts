// Cloudflare Workers entry: the store compiled into the bundle by `npm run build`, vars from env.
// Imports only the compiled store and the app: the loader (YAML, Markdown, sanitizer) stays out of the bundle.

import compiledFile from '../../.herald/store.json';
import { createApp } from '../app.ts';
import { systemClock } from '../clock.ts';
import { parseConfig } from '../config.ts';
import type { Logger } from '../context.ts';
import type { CompiledStore } from '../store/article.ts';
import { createStore, type Store } from '../store/store.ts';
import { publishTopics } from '../websub/publisher.ts';
import { topicsGoingLive } from '../websub/topics.ts';

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
  // Bodies were rendered with the build's site URL: a different SITE_URL here would mix two origins.
  const built = (compiledFile as { siteUrl: string | null }).siteUrl;
  const wanted = parsed.config.siteUrl;
  if (wanted && wanted.replace(/\/?$/, '/') !== (built ?? '').replace(/\/?$/, '/')) {
    return {
      problems: [
        `[config] SITE_URL: ${wanted} differs from the URL the store was built with (${built ?? "site.yaml's url"}); ` +
          'build with the same SITE_URL (SITE_URL=… npm run deploy)',
      ],
    };
  }
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

  // Cron Trigger (wrangler.toml): ping the WebSub hub for the feeds of articles that went live since
  // the previous run. The window is twice the one-minute schedule, so a late run misses nothing; a
  // repeated publish ping is harmless (the hub just fetches the feed again).
  async scheduled(controller: { scheduledTime: number }, env: Env, ctx: { waitUntil(p: Promise<unknown>): void }) {
    const built = appFor(env);
    if ('problems' in built) {
      log({ level: 'error', msg: 'invalid Worker vars', problems: built.problems.join('; ') });
      return;
    }
    const { herald } = built.app;
    const store = herald.currentStore();
    const hub = herald.hub(store);
    if (!hub) return;
    const topics = topicsGoingLive(store, controller.scheduledTime - CRON_WINDOW_MS, controller.scheduledTime);
    if (topics.length > 0) ctx.waitUntil(publishTopics(topics, { hub, log }));
  },
};

const CRON_WINDOW_MS = 120_000;
