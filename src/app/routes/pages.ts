// HTML pages (home, articles), the stylesheet and the OPML list: the same ETag / 304 treatment as
// feeds, with a strict Content-Security-Policy on HTML.
import type { Context, Hono } from 'hono';
import { articleUrl } from '../../core/urls.ts';
import { renderOpml } from '../../feed/opml.ts';
import { renderArticle } from '../../html/article.ts';
import { renderHome } from '../../html/home.ts';
import { CONTENT_SECURITY_POLICY, STYLESHEET } from '../../html/layout.ts';
import { createRepresentation, type Representation } from '../../http/representation.ts';
import { sendRepresentation } from '../../http/send.ts';
import { listings } from '../../store/listings.ts';
import type { Store } from '../../store/store.ts';
import type { HeraldContext } from '../context.ts';
import { methodNotAllowed, notFound } from './errors.ts';
import { oldAddress } from './redirects.ts';

const HTML_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

interface Built {
  text: string;
  contentType: string;
  lastModified: number;
  nextChange?: number;
}

/** One page: its cache name, how it is built, and whether other origins may read it. */
export interface PageSpec {
  name: string;
  build: (store: Store, now: number) => Built | undefined | Promise<Built | undefined>;
  crossOrigin?: boolean;
}

const pageKey = (store: Store, name: string, now: number) => `${store.version}|page|${name}|${store.hidden(now)}`;

/** Render (or fetch from the cache) one page for the visible set at `now`; undefined: no such page. */
export function pageRepresentation(
  ctx: HeraldContext,
  store: Store,
  now: number,
  { name, build, crossOrigin = false }: PageSpec,
): Promise<Representation | undefined> {
  return ctx.cache.get(pageKey(store, name, now), async () => {
    const built = await build(store, now);
    if (!built) return undefined;
    const { text, ...meta } = built;
    const html = meta.contentType.startsWith('text/html');
    return createRepresentation(text, { ...meta, crossOrigin, ...(html ? { headers: HTML_HEADERS } : {}) });
  });
}

async function servePage(c: Context, ctx: HeraldContext, spec: PageSpec): Promise<Response> {
  const store = ctx.currentStore();
  const now = ctx.clock().getTime();
  const key = pageKey(store, spec.name, now);
  ctx.cacheHits.set(c.req.raw, ctx.cache.has(key));
  const rep = await pageRepresentation(ctx, store, now, spec);
  if (!rep) return (await oldAddress(c, ctx)) ?? notFound(c);
  ctx.cache.remember(c.req.url, key, store.version, store.hidden(now));
  return sendRepresentation(c.req.raw, rep, {
    policy: ctx.policy(store),
    now,
    ...(ctx.compress ? { compress: ctx.compress } : {}),
  });
}

async function listing(store: Store, now: number) {
  await store.prepare?.('lists');
  const selection = store.select({ kind: 'all' }, now);
  return { selection, lists: listings(store, now) };
}

export const homePage = (ctx: HeraldContext): PageSpec => ({
  name: 'home',
  build: async (store, now) => {
    const { selection, lists } = await listing(store, now);
    const latest = (await selection.slice(0, ctx.items(store))).map((article) => ({
      article,
      href: articleUrl(store.site.url, article.slug),
    }));
    return {
      text: String(await renderHome(store.site, latest, lists)),
      contentType: 'text/html; charset=utf-8',
      lastModified: selection.updated,
      ...(selection.nextChange !== undefined ? { nextChange: selection.nextChange } : {}),
    };
  },
});

export const articlePage = (slug: string): PageSpec => ({
  name: `article:${slug}`,
  build: async (store, now) => {
    const article = await store.bySlug(slug);
    // A scheduled article does not exist yet: 404, exactly as for a slug that was never written.
    if (!article || article.published > now) return undefined;
    return {
      text: String(await renderArticle(store.site, article, store.body(article), articleUrl(store.site.url, slug))),
      contentType: 'text/html; charset=utf-8',
      lastModified: article.updated,
    };
  },
});

export const opmlPage: PageSpec = {
  name: 'opml',
  build: async (store, now) => {
    const { selection, lists } = await listing(store, now);
    return {
      text: renderOpml(store.site, selection.updated, lists),
      contentType: 'text/x-opml; charset=utf-8',
      lastModified: selection.updated,
      ...(selection.nextChange !== undefined ? { nextChange: selection.nextChange } : {}),
    };
  },
  crossOrigin: true,
};

const stylePage: PageSpec = {
  name: 'style',
  build: () => ({ text: STYLESHEET, contentType: 'text/css; charset=utf-8', lastModified: 0 }),
};

export function registerPageRoutes(app: Hono, ctx: HeraldContext): void {
  // The home page with a WordPress query (`/?p=1001`, `/?feed=rss2`) is an old address first.
  app.on(['GET', 'HEAD'], '/', async (c) => {
    const moved = c.req.url.includes('?') ? await oldAddress(c, ctx) : undefined;
    return moved ?? servePage(c, ctx, homePage(ctx));
  });
  app.on(['GET', 'HEAD'], '/articles/:slug{.+}', (c) => servePage(c, ctx, articlePage(c.req.param('slug'))));
  app.on(['GET', 'HEAD'], '/feeds.opml', (c) => servePage(c, ctx, opmlPage));
  app.on(['GET', 'HEAD'], '/style.css', (c) => servePage(c, ctx, stylePage));
  for (const path of ['/', '/articles/:slug{.+}', '/feeds.opml', '/style.css']) app.all(path, methodNotAllowed);
}
