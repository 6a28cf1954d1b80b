// Workers: answer the first page of a feed, the home page or the OPML list from the copy `npm run
// build` rendered into the static assets, without opening the store, building the app or routing. A
// fresh isolate's first poll then costs about what serving a static file does.
// The copy is used only while it is exactly what the app would render: the same store, the same visible
// set (no scheduled article has gone live since the build) and the same settings; anything else, and any
// other request, falls through to the app. The response is built by `answer`, as the app's is.
import { settingsKey } from '../../app/config.ts';
import { type Representation, restoreRepresentation } from '../../http/representation.ts';
import { answer } from '../../http/send.ts';
import {
  ASSET_FORMAT,
  decodePage,
  PRERENDERED_PATH,
  type PrerenderedIndex,
  pagePath,
} from '../../storage/assets/format.ts';
import type { FetchAsset } from '../../storage/assets/reader.ts';

/** Paths the build does not prerender (build/worker-assets.ts renders first pages, `/` and the OPML). */
const NEVER_PRERENDERED = /^\/articles\/|\/archive\//;

export type Prerendered = (request: Request, now: number) => Promise<Response | undefined>;

/** `env`: the Worker's vars, compared as they are with the build's (app/config.ts settingsKey). */
export function createPrerendered(fetchAsset: FetchAsset, env: Record<string, unknown>): Prerendered {
  // A missing index (an older build) turns the shortcut off; the app serves everything.
  let index: Promise<PrerenderedIndex | undefined> | undefined;
  const reps = new Map<string, Promise<Representation | undefined>>();
  const settings = settingsKey(env);
  // Request logs are written by the app: with them on, every request goes there.
  const logging = typeof env.LOG_REQUESTS === 'string' && /^(1|true)$/.test(env.LOG_REQUESTS.trim());

  const load = (path: string, file: number) => {
    let rep = reps.get(path);
    if (!rep) {
      rep = fetchAsset(pagePath(file))
        .then(async (r) => (r.ok ? new Uint8Array(await r.arrayBuffer()) : undefined))
        .then((bytes) => {
          if (!bytes) return undefined;
          const { saved, body } = decodePage(bytes);
          return restoreRepresentation(body, saved);
        });
      rep.catch(() => reps.delete(path));
      reps.set(path, rep);
    }
    return rep;
  };

  return async (request, now) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || logging) return undefined;
    const url = new URL(request.url);
    // Only the canonical URL: a query (?page=2, a cache buster) is the app's to judge. Archives and
    // article pages are never prerendered: no need to read the index for them.
    if (url.search !== '' || NEVER_PRERENDERED.test(url.pathname)) return undefined;
    index ??= fetchAsset(PRERENDERED_PATH)
      .then((r) => {
        if (r.ok) return r.json() as Promise<PrerenderedIndex>;
        if (r.status === 404) return undefined; // an older build: no shortcut in this isolate
        throw new Error(`${PRERENDERED_PATH}: HTTP ${r.status}`);
      })
      .catch(() => {
        index = undefined; // a failed read is tried again by the next request
        return undefined;
      });
    const table = await index;
    if (!table || table.format !== ASSET_FORMAT || table.settings !== settings) return undefined;
    if ((table.from !== null && now < table.from) || (table.until !== null && now >= table.until)) return undefined;
    if (!Object.hasOwn(table.pages, url.pathname)) return undefined;
    const rep = await load(url.pathname, table.pages[url.pathname] as number).catch(() => undefined);
    if (!rep) return undefined;
    // Workers do not compress (Cloudflare does): the identity variant, as sendRepresentation picks.
    const result = answer(request.method, request.headers, rep, rep.identity, table.policy, now);
    return new Response(result.body, { status: result.status, headers: result.headers });
  };
}
