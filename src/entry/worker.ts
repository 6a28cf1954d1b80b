// Cloudflare Workers entry: the store comes from the static assets `npm run build` writes to
// .herald/assets (the ASSETS binding in wrangler.toml), vars from env. The script bundles no article, so
// a store of any size deploys (issue 5), and the loader (YAML, Markdown, sanitizer) stays out of it too.
import { createApp } from '../app.ts';
import { systemClock } from '../clock.ts';
import { parseConfig } from '../config.ts';
import type { Logger } from '../context.ts';
import { createPrerendered, type Prerendered } from '../routes/prerendered.ts';
import { type AssetStore, type FetchAsset, openAssetStore } from '../store/asset-store.ts';
import { publishTopics } from '../websub/publisher.ts';
import { topicsGoingLive } from '../websub/topics.ts';

interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}
type Env = Record<string, unknown> & { ASSETS?: AssetsBinding };

// Workers Logs and `wrangler tail` collect console output; errors go to console.error.
const log: Logger = (entry) => (entry.level === 'error' ? console.error : console.log)(JSON.stringify(entry));

type Built = { app: ReturnType<typeof createApp>; store: AssetStore } | { problems: string[] };

/** What one set of vars and bindings gives: the prerendered shortcut at once, the app when first needed. */
interface Runtime {
  key: string;
  prerendered?: Prerendered;
  built?: Promise<Built>;
}
let runtime: Runtime | undefined;

const assetFetcher =
  (assets: AssetsBinding): FetchAsset =>
  // Any host: the binding serves by path.
  (path) =>
    assets.fetch(new Request(`https://assets.invalid${path}`));

// Built on the first request, not at import: Workers forbid clock reads and I/O at module scope, and
// vars and bindings arrive with the request's env.
async function build(env: Env): Promise<Built> {
  const parsed = parseConfig(env);
  if (!parsed.ok) return { problems: parsed.problems };
  const assets = env.ASSETS;
  if (!assets) return { problems: ['[config] ASSETS: no static assets binding (wrangler.toml [assets] binding)'] };
  const store = await openAssetStore(assetFetcher(assets));
  // Bodies were rendered with the build's site URL: a different SITE_URL here would mix two origins.
  const wanted = parsed.config.siteUrl;
  if (wanted && wanted.replace(/\/?$/, '/') !== (store.siteUrl ?? '').replace(/\/?$/, '/')) {
    return {
      problems: [
        `[config] SITE_URL: ${wanted} differs from the URL the store was built with (${store.siteUrl ?? "site.yaml's url"}); ` +
          'build with the same SITE_URL (SITE_URL=… npm run deploy)',
      ],
    };
  }
  return { app: createApp({ store, config: parsed.config, clock: systemClock, log }), store };
}

function runtimeFor(env: Env): Runtime {
  // Vars do not change within an isolate, but the env object need not be the same one each request.
  const key = JSON.stringify([Object.entries(env).filter(([, v]) => typeof v === 'string'), Boolean(env.ASSETS)]);
  if (runtime?.key !== key) {
    // Not parsed here: the shortcut compares the vars as they are (routes/prerendered.ts), and invalid
    // vars never equal the build's, so they reach the app, which reports them.
    runtime = { key, ...(env.ASSETS ? { prerendered: createPrerendered(assetFetcher(env.ASSETS), env) } : {}) };
  }
  return runtime;
}

function appFor(env: Env): Promise<Built> {
  const current = runtimeFor(env);
  if (!current.built) {
    const built = build(env).catch((error: unknown) => ({ problems: [String(error)] }));
    current.built = built;
    // A failure (an asset fetch that failed) is not kept: the next request tries again.
    built.then((b) => {
      if ('problems' in b && current.built === built) current.built = undefined;
    });
  }
  return current.built;
}

function misconfigured(problems: string[]): Response {
  // Bad vars or a missing store are deployment mistakes: say so in the logs, not to every reader.
  log({ level: 'error', msg: 'Worker misconfigured', problems: problems.join('; ') });
  return new Response('Service misconfigured. It has been logged.\n', {
    status: 500,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    // The first page of a feed, the home page and the OPML list as the build rendered them, while they
    // are still exactly what the app would render: no store to open, no app to build.
    const prerendered = await runtimeFor(env).prerendered?.(request, systemClock().getTime());
    if (prerendered) return prerendered;
    const built = await appFor(env);
    if ('problems' in built) return misconfigured(built.problems);
    return built.app.fetch(request, env);
  },

  // Cron Trigger (wrangler.toml): ping the WebSub hub for the feeds of articles that went live since
  // the previous run. The window is twice the one-minute schedule, so a late run misses nothing; a
  // repeated publish ping is harmless (the hub just fetches the feed again).
  async scheduled(controller: { scheduledTime: number }, env: Env, ctx: { waitUntil(p: Promise<unknown>): void }) {
    const built = await appFor(env);
    if ('problems' in built) {
      misconfigured(built.problems);
      return;
    }
    const { store } = built;
    const hub = built.app.herald.hub(store);
    if (!hub) return;
    const topics = await topicsGoingLive(store, controller.scheduledTime - CRON_WINDOW_MS, controller.scheduledTime);
    if (topics.length > 0) ctx.waitUntil(publishTopics(topics, { hub, log }));
  },
};

const CRON_WINDOW_MS = 120_000;
