// What lists show readers: the tags and authors with at least one published article, with their
// published counts and names. One rule for the home page, the OPML list, the WebSub topics and the
// Worker's prerendered documents, so none lists a group only scheduled articles (or drafts) carry.
import type { Group, Selector, Store } from './store.ts';

/** A feed as a list shows it: its title (the group's name as published), selector and published count. */
export interface FeedGroup {
  title: string;
  selector: Selector;
  count: number;
}

/** The published groups of one kind, in slug order. A store with prepare() (Workers assets) must have
 * been prepared for 'lists' (or everything). */
export function publishedGroups(store: Store, kind: 'tag' | 'author', now: number): FeedGroup[] {
  const groups: ReadonlyMap<string, Group> = kind === 'tag' ? store.tags : store.authors;
  const out: FeedGroup[] = [];
  for (const slug of groups.keys()) {
    const { total: count, name } = store.select({ kind, slug }, now);
    if (count > 0) out.push({ title: name, selector: { kind, slug }, count });
  }
  return out;
}

/** Every listed feed: the site's, then the published tags' and authors'. */
export function listedSelectors(store: Store, now: number): Selector[] {
  return [
    { kind: 'all' },
    ...publishedGroups(store, 'tag', now).map((g) => g.selector),
    ...publishedGroups(store, 'author', now).map((g) => g.selector),
  ];
}
