// Cloudflare Workers entry: the store comes from the static assets `npm run build` writes to
// .herald/assets (the ASSETS binding in wrangler.toml), vars from env. The script bundles no article, so
// a store of any size deploys, and the loader (YAML, Markdown, sanitizer) stays out of it too.
import { env as deployedEnv } from 'cloudflare:workers';
import { createApp } from '../../app/app.ts';
import { parseConfig } from '../../app/config.ts';
import type { Logger } from '../../app/context.ts';
import { fixedClock, systemClock } from '../../core/clock.ts';
import { type AssetStore, assetStoreOpener } from '../../storage/assets/reader.ts';
import { publishTopics } from '../../websub/publisher.ts';
import { topicsGoingLive } from '../../websub/topics.ts';
import { assetMediaSource, type FetchAssetResponse } from './media-assets.ts';
import { createPrerendered, type Prerendered } from './prerendered.ts';
import { WARM_UP_NOW, warmRequests, warmUp, warmUpAssets } from './warm-up.ts';

interface AssetsBinding {
  fetch(request: Request): Promise<Response>;
}
type Env = Record<string, unknown> & { ASSETS?: AssetsBinding };
type App = ReturnType<typeof createApp>;

// Workers Logs and `wrangler tail` collect console output; errors go to console.error.
const log: Logger = (entry) => (entry.level === 'error' ? console.error : console.log)(JSON.stringify(entry));

type Ready = { app: App; store: AssetStore } | { problems: string[] };

/** What one set of vars and bindings gives: the prerendered shortcut and the app at once, the store
 * when a request first needs it (reading assets is I/O, which Workers allow only within a request). */
interface Runtime {
  key: string;
  prerendered?: Prerendered;
  /** The app with its store open for `now`, or why there is none; a failed open is tried again. */
  ready(now: number): Promise<Ready>;
}

// A FetchAsset for the store, and the Response with its body stream for media.
const assetFetcher =
  (assets: AssetsBinding): FetchAssetResponse =>
  // Any host: the binding serves by path.
  (path) =>
    assets.fetch(new Request(`https://assets.invalid${path}`));

/** Vars do not change within an isolate, but the env object need not be the same one each request. */
const keyOf = (env: Env) =>
  JSON.stringify([Object.entries(env).filter(([, v]) => typeof v === 'string'), Boolean(env.ASSETS)]);

function createRuntime(env: Env, { warm = false, logger = log, clock = systemClock } = {}): Runtime {
  const key = keyOf(env);
  const assets = env.ASSETS;
  // Not parsed for the shortcut: it compares the vars as they are (runtime/workers/prerendered.ts), and invalid
  // vars never equal the build's, so they reach ready(), which reports them.
  const prerendered = assets ? { prerendered: createPrerendered(assetFetcher(assets), env) } : {};
  const parsed = parseConfig(env);
  if (!parsed.ok) return { key, ...prerendered, ready: async () => ({ problems: parsed.problems }) };
  if (!assets) {
    const problems = ['[config] ASSETS: no static assets binding (wrangler.toml [assets] binding)'];
    return { key, ready: async () => ({ problems }) };
  }
  const { config } = parsed;
  const storeAt = assetStoreOpener(assetFetcher(assets));
  let store: AssetStore | undefined;
  // Handlers read the store only after ready() has opened it.
  // Media files are static assets too (runtime/workers/media-assets.ts); the prerendered shortcut never
  // answers their URLs (NEVER_PRERENDERED).
  const media = assetMediaSource(assetFetcher(assets));
  const app = createApp({ store: () => store as AssetStore, config, clock, log: logger, media });
  // Hono's router compiles its matcher on the first match: do it now, while the isolate starts, not
  // within the first request's CPU budget. Nothing is dispatched.
  app.router.match('GET', '/');
  // Likewise the rendering code: compiled on a made-up store at start-up (runtime/workers/warm-up.ts). A
  // failure there is a bug in the warm-up, not in serving: logged, and requests are served as ever.
  if (warm) {
    warmUp(config)
      .then(() => warmRequestPath(env, config.siteUrl ?? null))
      .catch((error: unknown) =>
        log({ level: 'error', msg: 'Worker warm-up failed', error: String((error as Error)?.stack ?? error) }),
      );
  }
  // Bodies were rendered with the build's site URL: a different SITE_URL here would mix two origins.
  // Checked once per store opened, not per request.
  const checked = new WeakMap<AssetStore, Ready>();
  const check = (opened: AssetStore): Ready => {
    const wanted = config.siteUrl;
    if (wanted && wanted.replace(/\/?$/, '/') !== (opened.siteUrl ?? '').replace(/\/?$/, '/')) {
      return {
        problems: [
          `[config] SITE_URL: ${wanted} differs from the URL the store was built with (${opened.siteUrl ?? "site.yaml's url"}); ` +
            'build with the same SITE_URL (SITE_URL=… npm run deploy)',
        ],
      };
    }
    store = opened;
    return { app, store: opened };
  };
  return {
    key,
    ...prerendered,
    async ready(now) {
      let opened: AssetStore;
      try {
        opened = await storeAt(now);
      } catch (error) {
        return { problems: [String(error)] };
      }
      let ready = checked.get(opened);
      if (!ready) {
        ready = check(opened);
        checked.set(opened, ready);
      }
      return ready;
    },
  };
}

// Built at start-up for the deployment's own vars and bindings (`cloudflare:workers` env): Cloudflare
// runs module scope when it starts the isolate, under the start-up limit, not a request's CPU limit.
// No clock read and no I/O happen here, which Workers forbid at module scope.
const deployed = createRuntime(deployedEnv as Env, { warm: true });
/** A request whose env differs from the deployment's (tests, a Cron Trigger's own vars) gets its own. */
let other: Runtime | undefined;

function runtimeFor(env: Env): Runtime {
  const key = keyOf(env);
  if (key === deployed.key) return deployed;
  if (other?.key !== key) other = createRuntime(env);
  return other;
}

function misconfigured(problems: string[]): Response {
  // Bad vars or a missing store are deployment mistakes: say so in the logs, not to every reader.
  log({ level: 'error', msg: 'Worker misconfigured', problems: problems.join('; ') });
  return new Response('Service misconfigured. It has been logged.\n', {
    status: 500,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

async function respond(runtime: Runtime, request: Request, env: Env, now: number): Promise<Response> {
  // The first page of a feed, the home page and the OPML list as the build rendered them, while they
  // are still exactly what the app would render: no store to open.
  const prerendered = await runtime.prerendered?.(request, now);
  if (prerendered) return prerendered;
  const ready = await runtime.ready(now);
  if ('problems' in ready) return misconfigured(ready.problems);
  return ready.app.fetch(request, env);
}

/** The request path compiled at start-up too (runtime/workers/warm-up.ts): a throw-away runtime with the
 * deployment's vars over the made-up store's files answers each kind of request once. Its logs are
 * dropped (its errors are the Responses Workers refuse at module scope); any other failure is logged. */
function warmRequestPath(env: Env, siteUrl: string | null): Promise<void> {
  const warmEnv: Env = { ...env, ASSETS: warmUpAssets(siteUrl) };
  // Its own clock: Workers stop time at module scope.
  const runtime = createRuntime(warmEnv, { logger: () => {}, clock: fixedClock(WARM_UP_NOW) });
  return warmRequests((request) => respond(runtime, request, warmEnv, WARM_UP_NOW)).then((outcomes) => {
    // Each request ends with a status (a Response could be made) or refused (at module scope); any
    // other outcome is a failure of the warm-up.
    const failed = outcomes.filter((o) => o.error !== undefined);
    if (failed.length > 0) throw new Error(`warm-up requests: ${JSON.stringify(failed)}`);
  });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    return respond(runtimeFor(env), request, env, systemClock().getTime());
  },

  // Cron Trigger (wrangler.toml): ping the WebSub hub for the feeds of articles that went live since
  // the previous run. The window is twice the one-minute schedule, so a late run misses nothing; a
  // repeated publish ping is harmless (the hub just fetches the feed again).
  async scheduled(controller: { scheduledTime: number }, env: Env, ctx: { waitUntil(p: Promise<unknown>): void }) {
    const ready = await runtimeFor(env).ready(controller.scheduledTime - CRON_WINDOW_MS);
    if ('problems' in ready) {
      misconfigured(ready.problems);
      return;
    }
    const { store } = ready;
    const hub = ready.app.herald.hub(store);
    if (!hub) return;
    const topics = await topicsGoingLive(store, controller.scheduledTime - CRON_WINDOW_MS, controller.scheduledTime);
    if (topics.length > 0) ctx.waitUntil(publishTopics(topics, { hub, log }));
  },
};

const CRON_WINDOW_MS = 120_000;
