// Workers: render a small made-up store once while the isolate starts, so that the first real request
// finds the rendering code compiled (a fresh isolate's first render within the Workers CPU target,
// docs/performance.md).
// V8 compiles a function the first time it runs, and in a fresh isolate that compiling was most of a
// first request's CPU for a document rendered in the isolate (a later page, an archive, an article
// page): measured in workerd, about half of it. Cloudflare runs module scope under the start-up limit,
// not a request's, so the work moves there. Nothing is shared with the real store or app but the code.
//
// Module scope in Workers allows no I/O and no `new Response`, and its clock is frozen: the made-up
// store's assets are served from memory (storage/assets/files.ts, in the deployed layout), the clock is
// fixed, and the warm-up stops where a route would construct its Response (routes answer through
// `answer`, which it runs for a 200 and a 304).
//
// The request's own path (the Worker's fetch handler, the prerendered shortcut, opening the store, Hono's
// dispatch, the routes and sendRepresentation) is compiled by warmRequests: the Worker sends it requests
// over the made-up store's files. At module scope each ends where its Response is constructed, which
// Workers refuse there; everything before has run.
import { createApp } from '../../app/app.ts';
import type { Config } from '../../app/config.ts';
import { feedRepresentation } from '../../app/routes/feeds.ts';
import { articlePage, homePage, opmlPage, pageRepresentation } from '../../app/routes/pages.ts';
import type { Article, CompiledStore, Person } from '../../core/article.ts';
import { fixedClock } from '../../core/clock.ts';
import { type FeedDocument, FORMATS } from '../../feed/model.ts';
import type { Representation } from '../../http/representation.ts';
import { answer } from '../../http/send.ts';
import { type AssetFile, assetFiles } from '../../storage/assets/files.ts';
import type { GroupRecords } from '../../storage/assets/format.ts';
import { type AssetResponse, openAssetStore } from '../../storage/assets/reader.ts';
import { createStore, type Selector } from '../../store/store.ts';

const NOW = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const SITE_URL = 'https://warm-up.invalid/';

// Markup of the kinds real articles carry (headings, links, lists, quotes, code, an image, entities,
// non-ASCII), so the escaping and encoding paths a real body takes are the ones compiled here.
const BODY = [
  '<h2>Heading &amp; more</h2>',
  `<p>Prose with <a href="${SITE_URL}articles/warm-1/">a link</a>, <em>emphasis</em>, “quotes” and café — 1 &lt; 2.</p>`,
  '<ul><li>one</li><li>two &gt; one</li></ul>',
  '<blockquote><p>Quoted.</p></blockquote>',
  '<pre><code>if (a &amp;&amp; b) {}</code></pre>',
  `<p><img src="${SITE_URL}media/x.jpg" alt="x"></p>`,
].join('\n');

const AUTHOR: Person = { name: 'Warm Up', email: 'warm@warm-up.invalid' };

function article(n: number): Article {
  const slug = `warm-${n}`;
  const link = `${SITE_URL}articles/${slug}/`;
  return {
    slug,
    source: `articles/${slug}.md`,
    id: link,
    title: `Article ${n} & “more”`,
    published: NOW - n * HOUR,
    updated: NOW - n * HOUR + 60_000,
    summary: `Summary ${n} <with> & characters.`,
    html: BODY,
    authors: [AUTHOR],
    tags: ['Warm', `Tag ${n % 2}`],
    link,
    external: false,
    ...(n === 1 ? { image: `${SITE_URL}media/x.jpg` } : {}),
    ...(n === 2 ? { enclosure: { url: `${SITE_URL}media/x.mp3`, type: 'audio/mpeg', length: 1234 } } : {}),
  };
}

const COMPILED: CompiledStore = {
  format: 1,
  version: 'warm-up',
  site: {
    title: 'Warm-up',
    description: 'A made-up store rendered at start-up.',
    url: SITE_URL,
    language: 'en',
    author: AUTHOR,
    timezone: 'UTC',
    authors: {},
    items: 2,
    cache: {},
    shows: {},
  },
  // Newest first, as compiled stores are; five articles at two a page: a subscription document of three,
  // a second page and an archive.
  articles: [1, 2, 3, 4, 5].map(article),
};

/** The made-up store's asset files, as `npm run build` lays them out (without prerendered pages). */
function warmUpFiles(records: GroupRecords, version: string, siteUrl: string | null): Map<string, AssetFile[1]> {
  return new Map(
    assetFiles(createStore({ ...COMPILED, version }), { siteUrl, now: NOW, compiler: 'warm-up', records }),
  );
}

/** An asset read from memory: the part of a Response the asset store uses. */
function inMemory(data: string | Uint8Array | undefined): AssetResponse {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return {
    ok: bytes !== undefined,
    status: bytes ? 200 : 404,
    body: null,
    json: async () => JSON.parse(new TextDecoder().decode(bytes)),
    arrayBuffer: async () => (bytes ?? new Uint8Array()).slice().buffer,
  };
}

const WARM_TAG: Selector = { kind: 'tag', slug: 'warm' };

/** Feed documents of each format: first and later pages, an archive, and a tag's and an author's feed. */
const FEED_DOCUMENTS: [string, Selector, FeedDocument][] = [
  ['page 1', { kind: 'all' }, { kind: 'page', page: 1 }],
  ['page 2', { kind: 'all' }, { kind: 'page', page: 2 }],
  ['archive 1', { kind: 'all' }, { kind: 'archive', number: 1 }],
  ['tag page 2', WARM_TAG, { kind: 'page', page: 2 }],
  ['author page 1', { kind: 'author', slug: 'warm-up' }, { kind: 'page', page: 1 }],
];

export interface WarmedDocument {
  what: string;
  /** Status of a plain GET and of a conditional GET with the document's own ETag. */
  status: number;
  conditional: number;
  bytes: number;
}

/** Render every kind of document the app renders in a Worker, with the deployment's settings, from a
 * made-up store read through the asset store; returns what was rendered (tests check it). */
export async function warmUp(config: Config): Promise<WarmedDocument[]> {
  // A group's page is read from its own record chunks (a sparse group's way) or through its positions
  // and the list's chunks (a popular one's): the first store takes one way, `shared` the other. Another
  // version, or the render cache would answer `shared`'s page from the first store's.
  const opened = (records: GroupRecords, version: string) => {
    const files = warmUpFiles(records, version, null);
    return openAssetStore(async (path) => inMemory(files.get(path)), { from: NOW });
  };
  const [store, shared] = await Promise.all([opened('all', 'warm-up'), opened('none', 'warm-up-positions')]);
  // Two items per page whatever FEED_ITEMS says, so five articles make a later page and an archive.
  const app = createApp({ store, config: { ...config, items: 2 }, clock: fixedClock(NOW) });
  const ctx = app.herald;
  const policy = ctx.policy(store);
  const documents: { what: string; render: () => Promise<Representation | undefined> }[] = [
    ...FORMATS.flatMap((format) =>
      FEED_DOCUMENTS.map(([label, selector, doc]) => ({
        what: `${format} ${label}`,
        render: () => feedRepresentation(ctx, store, selector, format, doc, NOW),
      })),
    ),
    {
      what: 'rss tag page 2 (positions)',
      render: () => feedRepresentation(ctx, shared, WARM_TAG, 'rss', { kind: 'page', page: 2 }, NOW),
    },
    ...[homePage(ctx), opmlPage, articlePage('warm-2')].map((spec) => ({
      what: spec.name,
      render: () => pageRepresentation(ctx, store, NOW, spec),
    })),
  ];
  const warmed: WarmedDocument[] = [];
  for (const { what, render } of documents) {
    const rep = await render();
    if (!rep) throw new Error(`warm-up: ${what} not rendered`);
    const plain = answer('GET', new Headers(), rep, rep.identity, policy, NOW);
    const again = answer('GET', new Headers({ 'if-none-match': rep.identity.etag }), rep, rep.identity, policy, NOW);
    warmed.push({ what, status: plain.status, conditional: again.status, bytes: plain.body?.byteLength ?? 0 });
  }
  return warmed;
}

/** Requests through the whole Worker, each kind of route once, plain and conditional. */
const WARM_REQUESTS = [
  '/rss.xml?page=2',
  '/atom.xml?page=2',
  '/feed.json?page=2',
  '/archive/1/rss.xml',
  '/tags/warm/rss.xml?page=2',
  '/authors/warm-up/atom.xml',
  '/',
  '/feeds.opml',
  '/articles/warm-2',
];

/** What a warm-up request came to: the status of the Worker's answer; `refused` when it ran up to
 * constructing its Response, which Workers refuse at module scope; or the error that stopped it
 * anywhere else. */
export interface WarmedRequest {
  path: string;
  conditional: boolean;
  status?: number;
  refused?: true;
  error?: string;
}

/** What this context throws when asked for a Response (Workers refuse one at module scope), or
 * undefined where Responses can be made. A warm-up request that fails the same way has run everything
 * before its Response: judged by sameness with this probe, never by the wording of the runtime's message. */
function responseRefusal(): unknown {
  try {
    // With a body, as every answer has one: a body-less Response is allowed where one with a body is not.
    new Response('probe');
    return undefined;
  } catch (error) {
    return error;
  }
}

const sameFailure = (error: unknown, refusal: unknown) =>
  refusal instanceof Error &&
  error instanceof Error &&
  error.constructor === refusal.constructor &&
  error.message === refusal.message;

/** An ASSETS binding over the made-up store's files, for a throw-away runtime of the Worker.
 * `siteUrl`: the deployment's SITE_URL (the Worker refuses a store built for another). */
export function warmUpAssets(siteUrl: string | null): { fetch(request: Request): Promise<Response> } {
  const files = warmUpFiles('sparse', 'warm-up-requests', siteUrl);
  // The asset store reads only what AssetResponse names (module scope cannot construct a Response).
  return { fetch: async (request) => inMemory(files.get(new URL(request.url).pathname)) as unknown as Response };
}

/** The clock of the made-up store's requests. */
export const WARM_UP_NOW = NOW;

let latest: Promise<WarmedRequest[]> | undefined;
/** The outcomes of the isolate's last warmRequests (tests: the Worker's start-up ran them). */
export const warmedRequests = () => latest;

/** Sends each warm-up request through `send` (the Worker's fetch path over warmUpAssets), then the same
 * with the answer's ETag (or a made-up one) as If-None-Match, one after another. */
export function warmRequests(send: (request: Request) => Promise<Response>): Promise<WarmedRequest[]> {
  latest = sendEach(send);
  return latest;
}

async function sendEach(send: (request: Request) => Promise<Response>): Promise<WarmedRequest[]> {
  const out: WarmedRequest[] = [];
  const refusal = responseRefusal();
  for (const path of WARM_REQUESTS) {
    let etag = '"warm-up"';
    for (const conditional of [false, true]) {
      const headers: HeadersInit = conditional ? { 'if-none-match': etag } : {};
      try {
        const response = await send(new Request(`https://warm-up.invalid${path}`, { headers }));
        etag = response.headers.get('etag') ?? etag;
        await response.body?.cancel();
        out.push({ path, conditional, status: response.status });
      } catch (error) {
        out.push({
          path,
          conditional,
          ...(sameFailure(error, refusal) ? { refused: true } : { error: String((error as Error)?.stack ?? error) }),
        });
      }
    }
  }
  return out;
}
