// The feed endpoints: /rss.xml, /atom.xml, /feed.json, the same below /tags/:slug/, /authors/:slug/
// and /podcasts/:id/ (a show's episodes), and RFC 5005 archives below .../archive/:n/.
import type { Context, Hono } from 'hono';
import type { Site } from '../../core/article.ts';
import { legacyGroupSlug } from '../../core/slug.ts';
import { renderAtom } from '../../feed/atom.ts';
import { renderJsonFeed } from '../../feed/json-feed.ts';
import {
  archiveUrl,
  buildFeedModel,
  CONTENT_TYPES,
  FEED_FILES,
  type FeedDocument,
  type FeedModel,
  FORMATS,
  type Format,
  feedUrl,
} from '../../feed/model.ts';
import { renderRss } from '../../feed/rss.ts';
import { MAX_PAGE, parsePage } from '../../http/query.ts';
import { createRepresentation, type Representation } from '../../http/representation.ts';
import { sendRepresentation } from '../../http/send.ts';
import type { Selector, Store } from '../../store/store.ts';
import type { HeraldContext } from '../context.ts';
import { corsPreflight, methodNotAllowed, notFound, permanentRedirect, textResponse } from './errors.ts';

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

/** The document a request names: a page (?page=N) or an archive; a Response when the request is bad. */
function documentOf(c: Context, archive: string | undefined): FeedDocument | Response {
  if (archive === undefined) {
    const page = parsePage(new URL(c.req.url));
    if (!page.ok) return textResponse(400, page.message);
    return { kind: 'page', page: page.page };
  }
  if (!/^[1-9]\d{0,6}$/.test(archive) || Number(archive) > MAX_PAGE) return notFound(c);
  return { kind: 'archive', number: Number(archive) };
}

/** Whether a tag or author feed exists for readers at `now`: a group whose articles are all scheduled
 * (or drafts) answers exactly as an unknown one, so no name, count or go-live time leaks. */
async function published(store: Store, selector: Selector, now: number): Promise<boolean> {
  if (selector.kind === 'all') return true;
  await store.prepare?.(selector);
  return store.group(selector) !== undefined && store.select(selector, now).total > 0;
}

async function serveFeed(c: Context, ctx: HeraldContext, selector: Selector, format: Format, archive?: string) {
  const doc = documentOf(c, archive);
  if (doc instanceof Response) return doc;
  const store = ctx.currentStore();
  const now = ctx.clock().getTime();
  if (!(await published(store, selector, now))) {
    const moved = selector.kind === 'all' ? undefined : await movedGroup(store, selector, now);
    if (moved) return permanentRedirect(documentUrl(store.site, moved, format, doc));
    // The path (and so the slug) is already echoed, capped, by notFound: name only the kind here.
    return notFound(c, `There is no such ${selector.kind}.`);
  }
  const key = feedKey(store, selector, format, doc, now);
  ctx.cacheHits.set(c.req.raw, ctx.cache.has(key));
  const rep = await feedRepresentation(ctx, store, selector, format, doc, now);
  if (!rep)
    return notFound(c, doc.kind === 'page' ? 'This feed has fewer pages.' : 'This feed has fewer archive documents.');
  ctx.cache.remember(c.req.url, key, store.version, store.hidden(now));
  return sendRepresentation(c.req.raw, rep, {
    policy: ctx.policy(store),
    now,
    ...(ctx.compress ? { compress: ctx.compress } : {}),
  });
}

function documentUrl(site: Site, selector: Selector, format: Format, doc: FeedDocument): string {
  return doc.kind === 'page'
    ? feedUrl(site, selector, format, doc.page)
    : archiveUrl(site, selector, format, doc.number);
}

// Slugs by the slug earlier versions gave their name, per store: null where two names shared it.
const legacySlugs = new WeakMap<Store, Map<string, Map<string, string | null>>>();

/** The published group an older Herald served at this slug (it folded every run of punctuation into
 * one "-"), when exactly one name had it: its subscribers follow a 301 to the name's own feed. */
async function movedGroup(store: Store, selector: Selector & { slug: string }, now: number) {
  // Show ids were always what they are (site.yaml); only tag and author slugs changed.
  if (selector.kind === 'show') return undefined;
  let byKind = legacySlugs.get(store);
  if (!byKind) {
    byKind = new Map();
    legacySlugs.set(store, byKind);
  }
  let table = byKind.get(selector.kind);
  if (!table) {
    table = new Map();
    for (const slug of (selector.kind === 'tag' ? store.tags : store.authors).keys()) {
      const legacy = legacyGroupSlug(slug);
      if (legacy !== slug) table.set(legacy, table.has(legacy) ? null : slug);
    }
    byKind.set(selector.kind, table);
  }
  const slug = table.get(selector.slug);
  if (!slug) return undefined;
  const target: Selector = { kind: selector.kind, slug };
  return (await published(store, target, now)) ? target : undefined;
}

/** Path segment `i` of the request, percent-decoded exactly once. The router's own parameter has been
 * through decodeURI and then decodeURIComponent, which decodes `%2525` twice: a tag named "100%25" would
 * reach another tag's feed. */
function rawSegment(c: Context, i: number): string {
  const segment = new URL(c.req.url).pathname.split('/')[i] ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape names no slug Herald makes
  }
}

export function registerFeedRoutes(app: Hono, ctx: HeraldContext): void {
  const scopes: { prefix: string; selector: (c: Context) => Selector }[] = [
    { prefix: '', selector: () => ({ kind: 'all' }) },
    { prefix: '/tags/:slug', selector: (c) => ({ kind: 'tag', slug: rawSegment(c, 2) }) },
    { prefix: '/authors/:slug', selector: (c) => ({ kind: 'author', slug: rawSegment(c, 2) }) },
    { prefix: '/podcasts/:slug', selector: (c) => ({ kind: 'show', slug: rawSegment(c, 2) }) },
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
