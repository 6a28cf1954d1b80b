// The old addresses of a site that moved here (core/redirects.ts): an article's aliases and site.yaml
// redirects answer 301 to where the content is now, WordPress's feed URLs 301 to Herald's feeds, and
// its comment feeds 410. Asked only when nothing else answers a GET or HEAD, so they cost the routes
// nothing.
import type { Context } from 'hono';
import { oldAddressKey, type RedirectTarget, withoutFeed, wordpressFeed } from '../../core/redirects.ts';
import { articleUrl } from '../../core/urls.ts';
import type { Store } from '../../store/store.ts';
import type { HeraldContext } from '../context.ts';
import { permanentRedirect, textResponse } from './errors.ts';

/** 410 Gone (RFC 9110 section 15.5.11): the address is gone for good, and a reader may unsubscribe.
 * Cacheable by default, as a 301 is. */
function gone(): Response {
  return textResponse(410, 'Gone: this address is no longer served. The feeds are listed at /.\n', {
    'cache-control': 'public, max-age=86400',
    'access-control-allow-origin': '*',
  });
}

async function targetOf(store: Store, key: string): Promise<RedirectTarget | undefined> {
  const own = (await store.redirect(key)) ?? wordpressFeed(key);
  if (own) return own;
  // A post's comment feed (`/2018/x/feed/`, `/?p=7&feed=rss2`): gone, where the post was one of ours.
  const post = withoutFeed(key);
  return post !== undefined && (await store.redirect(post)) ? { gone: true } : undefined;
}

/** The answer for an old address, or undefined when the request names none (a plain 404 follows). */
export async function oldAddress(c: Context, ctx: HeraldContext): Promise<Response | undefined> {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return undefined;
  const url = new URL(c.req.url);
  const key = oldAddressKey(`${url.pathname}${url.search}`);
  if (key === undefined) return undefined;
  const store = ctx.currentStore();
  const target = await targetOf(store, key);
  if (!target) return undefined;
  if ('gone' in target) return gone();
  if ('url' in target) return permanentRedirect(new URL(target.url, store.site.url).href);
  // An article's alias leads to it once it is published: before, the alias is as unknown as its page.
  const article = await store.bySlug(target.slug);
  if (!article || article.published > ctx.clock().getTime()) return undefined;
  return permanentRedirect(articleUrl(store.site.url, article.slug));
}
