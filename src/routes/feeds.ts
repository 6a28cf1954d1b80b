// The feed endpoints: /rss.xml, /atom.xml, /feed.json and the same below /tags/:tag/ and /authors/:author/.
import type { Context, Hono } from 'hono';
import type { HeraldContext } from '../context.ts';
import { renderAtom } from '../feed/atom.ts';
import { renderJsonFeed } from '../feed/json-feed.ts';
import { buildFeedModel, CONTENT_TYPES, FEED_FILES, type FeedModel, FORMATS, type Format } from '../feed/model.ts';
import { renderRss } from '../feed/rss.ts';
import { parsePage } from '../http/query.ts';
import { createRepresentation } from '../http/representation.ts';
import { sendRepresentation } from '../http/send.ts';
import type { Selector } from '../store/store.ts';
import { methodNotAllowed, notFound, textResponse } from './errors.ts';

const RENDERERS: Record<Format, (model: FeedModel) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

export async function serveFeed(c: Context, ctx: HeraldContext, selector: Selector, format: Format): Promise<Response> {
  const page = parsePage(new URL(c.req.url));
  if (!page.ok) return textResponse(400, page.message);
  const store = ctx.currentStore();
  const now = ctx.clock().getTime();
  const hidden = store.hidden(now);
  const selectorKey = selector.kind === 'all' ? 'all' : `${selector.kind}:${selector.slug}`;
  const key = `${store.version}|${selectorKey}|${format}|${page.page}|${hidden}`;
  const policy = ctx.policy(store);
  const rep = await ctx.cache.get(key, async () => {
    const hub = ctx.hub(store);
    const model = buildFeedModel(store, selector, page.page, now, {
      items: ctx.items(store),
      maxAge: policy.maxAge,
      maxBytes: ctx.config.maxFeedBytes,
      ...(hub ? { hub } : {}),
    });
    if (!model) return undefined;
    const selection = store.select(selector, now);
    return createRepresentation(RENDERERS[format](model), {
      contentType: CONTENT_TYPES[format],
      lastModified: model.updated,
      ...(selection.nextChange !== undefined ? { nextChange: selection.nextChange } : {}),
      // WebSub 4: publishers advertise the hub and the topic URL in Link headers too.
      ...(hub ? { links: `<${hub}>; rel="hub", <${model.links[format].self}>; rel="self"` } : {}),
    });
  });
  if (!rep) {
    return notFound(c, page.page > 1 ? 'This feed has fewer pages.' : undefined);
  }
  return sendRepresentation(c.req.raw, rep, {
    policy,
    now,
    crossOrigin: true,
    ...(ctx.compress ? { compress: ctx.compress } : {}),
  });
}

export function registerFeedRoutes(app: Hono, ctx: HeraldContext): void {
  for (const format of FORMATS) {
    const file = FEED_FILES[format];
    app.on(['GET', 'HEAD'], `/${file}`, (c) => serveFeed(c, ctx, { kind: 'all' }, format));
    app.on(['GET', 'HEAD'], `/tags/:slug/${file}`, (c) =>
      serveFeed(c, ctx, { kind: 'tag', slug: c.req.param('slug') }, format),
    );
    app.on(['GET', 'HEAD'], `/authors/:slug/${file}`, (c) =>
      serveFeed(c, ctx, { kind: 'author', slug: c.req.param('slug') }, format),
    );
    for (const path of [`/${file}`, `/tags/:slug/${file}`, `/authors/:slug/${file}`]) app.all(path, methodNotAllowed);
  }
}
