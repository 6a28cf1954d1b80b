// What lists show readers: the tags, authors and shows with at least one published article, with their
// published counts and names. One rule for the home page, the OPML list, the WebSub topics and the
// Worker's prerendered documents, so none lists a group only scheduled articles (or drafts) carry.
import { type GroupKind, groupsOfKind, type Selector, type Store } from './store.ts';

/** A feed as a list shows it: its title (the group's name as published), selector and published count. */
export interface FeedGroup {
  title: string;
  selector: Selector;
  count: number;
}

/** The published groups of one kind, in slug order. A store with prepare() (Workers assets) must have
 * been prepared for 'lists' (or everything). */
export function publishedGroups(store: Store, kind: GroupKind, now: number): FeedGroup[] {
  const out: FeedGroup[] = [];
  for (const slug of groupsOfKind(store, kind).keys()) {
    const { total: count, name } = store.select({ kind, slug }, now);
    // A show is listed under its title (site.yaml), a tag or author under its name as published.
    const title = kind === 'show' ? (store.site.shows[slug]?.title ?? name) : name;
    if (count > 0) out.push({ title, selector: { kind, slug }, count });
  }
  return out;
}

/** Every listed feed: the site's, then the published tags', authors' and shows'. */
export function listedSelectors(store: Store, now: number): Selector[] {
  return [
    { kind: 'all' },
    ...publishedGroups(store, 'tag', now).map((g) => g.selector),
    ...publishedGroups(store, 'author', now).map((g) => g.selector),
    ...publishedGroups(store, 'show', now).map((g) => g.selector),
  ];
}

/** The published groups of every kind, as the home page and the OPML list show them. */
export interface Listings {
  tags: FeedGroup[];
  authors: FeedGroup[];
  shows: FeedGroup[];
}

export function listings(store: Store, now: number): Listings {
  return {
    tags: publishedGroups(store, 'tag', now),
    authors: publishedGroups(store, 'author', now),
    shows: publishedGroups(store, 'show', now),
  };
}
