// The feed endpoints: /rss.xml, /atom.xml, /feed.json, the same below /tags/:slug/ and
// /authors/:slug/, and RFC 5005 archives below .../archive/:n/.
import type { Context, Hono } from 'hono';
import type { HeraldContext } from '../context.ts';
import { renderAtom } from '../feed/atom.ts';
import { renderJsonFeed } from '../feed/json-feed.ts';
import {
  buildFeedModel,
  CONTENT_TYPES,
  FEED_FILES,
  type FeedDocument,
  type FeedModel,
  FORMATS,
  type Format,
} from '../feed/model.ts';
import { renderRss } from '../feed/rss.ts';
import { MAX_PAGE, parsePage } from '../http/query.ts';
import { createRepresentation, type Representation } from '../http/representation.ts';
import { sendRepresentation } from '../http/send.ts';
import type { Selector, Store } from '../store/store.ts';
import { corsPreflight, methodNotAllowed, notFound, textResponse } from './errors.ts';

const RENDERERS: Record<Format, (model: FeedModel) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

export function selectorKey(selector: Selector): string {
  return selector.kind === 'all' ? 'all' : `${selector.kind}:${selector.slug}`;
}

/** One cache entry per (store version, feed, format, document, visible set). */
function feedKey(store: Store, selector: Selector, format: Format, doc: FeedDocument, now: number): string {
  const docKey = doc.kind === 'page' ? `p${doc.page}` : `a${doc.number}`;
  return `${store.version}|feed|${selectorKey(selector)}|${format}|${docKey}|${store.hidden(now)}`;
}

/** Render (or fetch from the cache) one feed document for the visible set at `now`. */
export function feedRepresentation(
  ctx: HeraldContext,
  store: Store,
  selector: Selector,
  format: Format,
  doc: FeedDocument,
  now: number,
): Promise<Representation | undefined> {
  return ctx.cache.get(feedKey(store, selector, format, doc, now), async () => {
    await store.prepare?.(selector);
    const hub = ctx.hub(store);
    const model = await buildFeedModel(store, selector, doc, now, {
      items: ctx.items(store),
      maxAge: ctx.policy(store).maxAge,
      maxBytes: ctx.config.maxFeedBytes,
      ...(hub ? { hub } : {}),
    });
    if (!model) return undefined;
    const nextChange = model.immutable ? undefined : store.select(selector, now).nextChange;
    return createRepresentation(RENDERERS[format](model), {
      contentType: CONTENT_TYPES[format],
      lastModified: model.updated,
      ...(nextChange !== undefined ? { nextChange } : {}),
      ...(model.immutable ? { immutable: true } : {}),
      crossOrigin: true,
      // WebSub section 4: the hub and the topic (self) URL are advertised in Link headers too.
      ...(hub ? { headers: { link: `<${hub}>; rel="hub", <${model.links[format].self}>; rel="self"` } } : {}),
    });
  });
}

async function serveFeed(c: Context, ctx: HeraldContext, selector: Selector, format: Format, archive?: string) {
  let doc: FeedDocument;
  if (archive === undefined) {
    const page = parsePage(new URL(c.req.url));
    if (!page.ok) return textResponse(400, page.message);
    doc = { kind: 'page', page: page.page };
  } else {
    if (!/^[1-9]\d{0,6}$/.test(archive) || Number(archive) > MAX_PAGE) return notFound(c);
    doc = { kind: 'archive', number: Number(archive) };
  }
  const store = ctx.currentStore();
  const now = ctx.clock().getTime();
  const key = feedKey(store, selector, format, doc, now);
  ctx.cacheHits.set(c.req.raw, ctx.cache.has(key));
  const rep = await feedRepresentation(ctx, store, selector, format, doc, now);
  if (rep) ctx.cache.remember(c.req.url, key, store.version, store.hidden(now));
  if (!rep) {
    // The path (and so the slug) is already echoed, capped, by notFound: name only the kind here.
    const detail = !store.group(selector)
      ? `There is no such ${selector.kind === 'tag' ? 'tag' : 'author'}.`
      : doc.kind === 'page'
        ? 'This feed has fewer pages.'
        : 'This feed has fewer archive documents.';
    return notFound(c, detail);
  }
  return sendRepresentation(c.req.raw, rep, {
    policy: ctx.policy(store),
    now,
    ...(ctx.compress ? { compress: ctx.compress } : {}),
  });
}

export function registerFeedRoutes(app: Hono, ctx: HeraldContext): void {
  const scopes: { prefix: string; selector: (c: Context) => Selector }[] = [
    { prefix: '', selector: () => ({ kind: 'all' }) },
    {
      prefix: '/tags/:slug',
      selector: (c) => ({ kind: 'tag', slug: c.req.param('slug') as string }),
    },
    {
      prefix: '/authors/:slug',
      selector: (c) => ({
        kind: 'author',
        slug: c.req.param('slug') as string,
      }),
    },
  ];
  for (const format of FORMATS) {
    const file = FEED_FILES[format];
    for (const { prefix, selector } of scopes) {
      const current = `${prefix}/${file}`;
      const archive = `${prefix}/archive/:n/${file}`;
      app.on(['GET', 'HEAD'], current, (c) => serveFeed(c, ctx, selector(c), format));
      app.on(['GET', 'HEAD'], archive, (c) => serveFeed(c, ctx, selector(c), format, c.req.param('n')));
      app.options(current, corsPreflight);
      app.options(archive, corsPreflight);
      app.all(current, methodNotAllowed);
      app.all(archive, methodNotAllowed);
    }
  }
}
