// Which feed URLs (WebSub topics) exist and what each currently holds, so a hub is pinged only for
// the feeds that changed.
import type { HeraldContext } from '../app/context.ts';
import { feedRepresentation } from '../app/routes/feeds.ts';
import { groupSlug } from '../core/slug.ts';
import { FORMATS, feedUrl } from '../feed/model.ts';
import { listedSelectors } from '../store/listings.ts';
import type { Selector, Store } from '../store/store.ts';

/** Topic URL -> ETag of its first document, for every listed feed in every format. */
export async function topicEtags(ctx: HeraldContext, store: Store, now: number): Promise<Record<string, string>> {
  await store.prepare?.();
  const out: Record<string, string> = {};
  for (const selector of listedSelectors(store, now)) {
    for (const format of FORMATS) {
      const rep = await feedRepresentation(ctx, store, selector, format, { kind: 'page', page: 1 }, now);
      if (rep) out[feedUrl(store.site, selector, format)] = rep.identity.etag;
    }
  }
  return out;
}

/** Topics whose ETag differs from (or is missing in) the previous snapshot. */
export function changedTopics(previous: Record<string, string>, current: Record<string, string>): string[] {
  return Object.keys(current)
    .filter((topic) => previous[topic] !== current[topic])
    .sort();
}

/** Topics touched by articles that went live in (from, to]: for stateless Cron-driven pings. */
export async function topicsGoingLive(store: Store, from: number, to: number): Promise<string[]> {
  const topics = new Set<string>();
  // Newest first: the articles visible at `to` but not at `from` are the first ones visible at `to`.
  const live = store.select({ kind: 'all' }, to);
  for (const article of await live.slice(0, Math.max(0, store.hidden(from) - store.hidden(to)))) {
    const selectors: Selector[] = [
      { kind: 'all' },
      ...article.tags.map((t) => ({ kind: 'tag' as const, slug: groupSlug(t) })),
      ...article.authors.map((p) => ({ kind: 'author' as const, slug: groupSlug(p.name) })),
      ...(article.episode ? [{ kind: 'show' as const, slug: article.episode.show }] : []),
    ];
    for (const s of selectors) for (const f of FORMATS) topics.add(feedUrl(store.site, s, f));
  }
  return [...topics].sort();
}
