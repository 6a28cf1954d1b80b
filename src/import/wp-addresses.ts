// The addresses a WordPress site answered that Herald must keep answering after the move, so that no
// link and no subscription breaks: each post's permalink and ?p= link (frontmatter `aliases`), and the
// feeds of its categories, tags and authors (site.yaml `redirects`, to the Herald feed made from each).
// The site-wide WordPress feeds (/feed/, /feed/atom/, /rss/, /?feed=rss2, /comments/feed/ and each post's
// comment feed) are answered by Herald itself and are not written here.
import { groupSlug } from '../core/slug.ts';
import { FEED_FILES, feedBase } from '../feed/model.ts';

/** What site.yaml and frontmatter accept as an old address (content/schema.ts, oldAddress). */
export function isOldAddress(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !/[\s#]/.test(path);
}

/** The path of a site's home with a trailing slash: "/" or "/blog/" (a WordPress in a folder). */
export function basePath(siteUrl: string | undefined): string {
  if (!siteUrl) return '/';
  try {
    const { pathname } = new URL(siteUrl);
    return pathname.endsWith('/') ? pathname : `${pathname}/`;
  } catch {
    return '/';
  }
}

/**
 * A post's old addresses: its permalink as a path (with the query, and the trailing slash or not, as
 * WordPress wrote it in <link>), then its `?p=ID` form, which WordPress answers for every post whatever the
 * permalink structure. The home page itself is never one.
 */
export function postAliases(link: string, postId: string, base: string): string[] {
  const aliases: string[] = [];
  try {
    const url = new URL(link);
    const path = url.pathname + url.search;
    if ((url.protocol === 'http:' || url.protocol === 'https:') && path !== base && isOldAddress(path)) {
      aliases.push(path);
    }
  } catch {
    // No usable <link>: the ?p= form still answers.
  }
  const short = `${base}?p=${postId}`;
  if (!aliases.includes(short)) aliases.push(short);
  return aliases;
}

export interface ChannelTerm {
  kind: 'category' | 'post_tag';
  /** WordPress's slug (category_nicename, tag_slug), percent-encoded as WordPress stores it. */
  slug: string;
  name: string;
  termId?: string;
  /** A category's parent's slug. */
  parent?: string;
}

export interface ChannelAuthor {
  login: string;
  /** The byline Herald uses: the display name, else the login. */
  name: string;
  id?: string;
  email?: string;
  url?: string;
}

export interface FeedRedirectInput {
  /** The path of the old site's home: "/" or "/blog/". */
  base: string;
  /** Every term the export declares (channel-level wp:category and wp:tag). */
  terms: readonly ChannelTerm[];
  /** The terms the imported posts use, with the name each became a Herald tag under. */
  usedTerms: readonly ChannelTerm[];
  /** The authors of imported posts, with the name Herald files them under. */
  usedAuthors: readonly ChannelAuthor[];
  /** A show the imported episodes belong to: PowerPress's podcast feed then leads to its feed. */
  show?: string;
}

/** Old feed address -> Herald feed path, in a stable order (categories, tags, authors, the podcast). */
export function feedRedirects(input: FeedRedirectInput): Map<string, string> {
  const { base } = input;
  const redirects = new Map<string, string>();
  const add = (from: string, to: string) => {
    if (isOldAddress(from) && !redirects.has(from)) redirects.set(from, to);
  };
  const feeds = (kind: 'tag' | 'author' | 'show', slug: string) => {
    const folder = `/${feedBase({ kind, slug })}`;
    return { rss: `${folder}${FEED_FILES.rss}`, atom: `${folder}${FEED_FILES.atom}` };
  };
  // Channel terms by kind and slug: the term id and the category tree.
  const declared = new Map(input.terms.map((t) => [`${t.kind}:${t.slug}`, t]));

  for (const term of input.usedTerms) {
    if (!isSegment(term.slug)) continue;
    const target = feeds('tag', groupSlug(term.name));
    const known = declared.get(`${term.kind}:${term.slug}`);
    if (term.kind === 'category') {
      // get_category_link() puts the parents first: /category/news/world/feed/.
      const path = categoryPath(term.slug, declared);
      add(`${base}category/${path}/feed/`, target.rss);
      add(`${base}category/${path}/feed/atom/`, target.atom);
      if (known?.termId) {
        add(`${base}?cat=${known.termId}&feed=rss2`, target.rss);
        add(`${base}?cat=${known.termId}&feed=atom`, target.atom);
      }
    } else {
      add(`${base}tag/${term.slug}/feed/`, target.rss);
      add(`${base}tag/${term.slug}/feed/atom/`, target.atom);
      add(`${base}?tag=${term.slug}&feed=rss2`, target.rss);
      add(`${base}?tag=${term.slug}&feed=atom`, target.atom);
    }
  }
  for (const author of input.usedAuthors) {
    const target = feeds('author', groupSlug(author.name));
    // Author URLs use user_nicename, which WordPress makes from the login with sanitize_title(); the
    // export has only the login, so both spellings are kept where they differ.
    for (const slug of new Set([nicename(author.login), author.login])) {
      if (!isSegment(slug)) continue;
      add(`${base}author/${slug}/feed/`, target.rss);
      add(`${base}author/${slug}/feed/atom/`, target.atom);
    }
    if (author.id && /^\d+$/.test(author.id)) {
      add(`${base}?author=${author.id}&feed=rss2`, target.rss);
      add(`${base}?author=${author.id}&feed=atom`, target.atom);
    }
  }
  if (input.show) {
    // PowerPress's podcast feed, the address podcast directories were given.
    const target = feeds('show', input.show);
    add(`${base}feed/podcast/`, target.rss);
    add(`${base}?feed=podcast`, target.rss);
  }
  return redirects;
}

/** A slug usable as one path segment of a redirect key. */
function isSegment(slug: string): boolean {
  return slug !== '' && slug !== '.' && slug !== '..' && !/[\s/?#&=\\]/.test(slug);
}

function categoryPath(slug: string, declared: ReadonlyMap<string, ChannelTerm>): string {
  const chain = [slug];
  let parent = declared.get(`category:${slug}`)?.parent;
  // A parent loop in a broken export ends the walk; WordPress nests categories a few levels at most.
  while (parent && isSegment(parent) && !chain.includes(parent) && chain.length < 10) {
    chain.unshift(parent);
    parent = declared.get(`category:${parent}`)?.parent;
  }
  return chain.join('/');
}

/** WordPress's sanitize_title() of a login, as it makes user_nicename (ASCII logins; others kept). */
export function nicename(login: string): string {
  return login
    .toLowerCase()
    .replace(/[^a-z0-9 _.@%-]/g, (c) => (c.charCodeAt(0) > 127 ? c : ''))
    .replace(/[.@]/g, '')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The addresses Herald answers for a WordPress site by itself (and says so in the migration report). */
export const BUILT_IN_WORDPRESS_FEEDS: Readonly<Record<string, string>> = {
  '/feed/': `/${FEED_FILES.rss}`,
  '/feed/rss2/': `/${FEED_FILES.rss}`,
  '/feed/atom/': `/${FEED_FILES.atom}`,
  '/rss/': `/${FEED_FILES.rss}`,
  '/?feed=rss2': `/${FEED_FILES.rss}`,
  '/?feed=atom': `/${FEED_FILES.atom}`,
  '/comments/feed/': 'gone',
  '<post address>feed/': 'gone',
};
