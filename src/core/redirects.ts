// Old addresses of a site that moved to Herald (an article's `aliases`, site.yaml `redirects`, and the
// feed URLs every WordPress site has), matched the way WordPress itself reads a request: by path, and
// by the query variables WordPress acts on (`/?p=1001`, `/?cat=3&feed=rss2`), whatever else the query
// holds (tracking parameters, a cache buster) and in whatever order.

/** Where an old address leads: an article of this store (followed only once it is published), a URL, or
 * nowhere any more (410 Gone, RFC 9110 section 15.5.11). */
export type RedirectTarget = { slug: string } | { url: string } | { gone: true };

/** Old address key -> target. */
export type Redirects = Record<string, RedirectTarget>;

// The public query variables of WordPress (WP::$public_query_vars) that choose what a request shows: a
// post, a page, an archive or a feed. Others (utm_*, fbclid, replytocom...) do not change the page.
const QUERY_VARS = new Set([
  'p',
  'page_id',
  'attachment_id',
  'name',
  'pagename',
  'cat',
  'category_name',
  'tag',
  'tag_id',
  'author',
  'author_name',
  'feed',
  'm',
  'year',
  'monthnum',
  'day',
  'post_type',
  'paged',
]);

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The key an old address is matched by: its path, each segment percent-decoded once, without a trailing
 * slash (WordPress answers `/x/` and `/x` alike), then the WordPress query variables it has, sorted.
 * Undefined for what is not a path of this site.
 */
export function oldAddressKey(pathAndQuery: string): string | undefined {
  if (!pathAndQuery.startsWith('/') || pathAndQuery.startsWith('//')) return undefined;
  let url: URL;
  try {
    url = new URL(pathAndQuery, 'http://old.invalid');
  } catch {
    return undefined;
  }
  let path = url.pathname.split('/').map(decoded).join('/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const vars = [...url.searchParams]
    .filter(([name]) => QUERY_VARS.has(name))
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return vars.length === 0 ? path : `${path}?${new URLSearchParams(vars).toString()}`;
}

/** The key of the same address without its feed: `/2018/x/feed/atom` -> `/2018/x`, `/?p=7&feed=rss2` ->
 * `/?p=7` (a post's comment feed in WordPress); undefined when the address names no feed. */
export function withoutFeed(key: string): string | undefined {
  const [path = '', query] = key.split('?', 2);
  if (query !== undefined) {
    const params = new URLSearchParams(query);
    if (!params.has('feed')) return undefined;
    params.delete('feed');
    const rest = params.toString();
    return rest ? `${path}?${rest}` : undefined;
  }
  const match = /^(.*)\/feed(?:\/(?:rss2?|rdf|atom))?$/.exec(path);
  return match?.[1] ? match[1] : undefined;
}

// WordPress's own feed addresses (wp-includes/rewrite.php feeds and the ?feed= query): the site feed in
// RSS or Atom, and the comment feeds, which Herald does not have.
const WORDPRESS_FEEDS: Record<string, RedirectTarget> = {
  '/feed': { url: 'rss.xml' },
  '/feed/rss2': { url: 'rss.xml' },
  '/feed/rss': { url: 'rss.xml' },
  '/feed/rdf': { url: 'rss.xml' },
  '/rss': { url: 'rss.xml' },
  '/rss2': { url: 'rss.xml' },
  '/feed/atom': { url: 'atom.xml' },
  '/atom': { url: 'atom.xml' },
  '/?feed=rss2': { url: 'rss.xml' },
  '/?feed=rss': { url: 'rss.xml' },
  '/?feed=rdf': { url: 'rss.xml' },
  '/?feed=atom': { url: 'atom.xml' },
  '/comments/feed': { gone: true },
  '/comments/feed/rss2': { gone: true },
  '/comments/feed/atom': { gone: true },
  '/?feed=comments-rss2': { gone: true },
  '/?feed=comments-atom': { gone: true },
};

/** What a WordPress site answered at `key` that Herald answers too: its feeds (a URL relative to the site
 * root) and its comment feeds (gone). */
export function wordpressFeed(key: string): RedirectTarget | undefined {
  return Object.hasOwn(WORDPRESS_FEEDS, key) ? WORDPRESS_FEEDS[key] : undefined;
}
