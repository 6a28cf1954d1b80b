// WordPress export (WXR 1.x XML) -> Herald article files, with counts of everything left behind.
import { XMLParser } from 'fast-xml-parser';
import { decodeEntities } from '../content/entities.ts';
import { htmlToText } from '../content/html-text.ts';
import { type ArticleFields, createPathAllocator, sanitizeSlug, serializeArticle, slugify } from './article-file.ts';
import { basePath, type ChannelAuthor, type ChannelTerm, postAliases } from './wp-addresses.ts';
import { convertWordPressContent } from './wp-content.ts';
import { parseTimeZone, resolveWordPressDate, type ZoneResolver } from './wp-date.ts';
import { podcastOf } from './wp-podcast.ts';

export { parseEnclosure } from './wp-podcast.ts';

export interface WordPressImportOptions {
  /** Used when a post has no GMT date: IANA name, +HH:MM or hours. Wins over the channel's own. */
  timeZone?: string;
  /** A show id of site.yaml: every post with an audio or video enclosure becomes an episode of it. */
  show?: string;
}

/** What the export says about the site itself (the <channel>), for site.yaml. */
export interface WordPressChannel {
  title: string;
  description: string;
  /** The site's home (<link>, or wp:base_blog_url). */
  link: string;
  /** Where WordPress itself lives (wp:base_site_url): the uploads are under it. */
  siteUrl: string;
  language: string;
  authors: ChannelAuthor[];
  terms: ChannelTerm[];
  /** itunes: elements, where a plugin or a person added them to the channel. */
  podcast: {
    title?: string;
    summary?: string;
    author?: string;
    owner?: { name?: string; email?: string };
    image?: string;
    categories: string[];
    explicit?: boolean;
  };
}

export interface ImportedPost {
  /** Relative to content/articles/, e.g. "2018/end-of-war.md". */
  path: string;
  fileText: string;
  /** What fileText is made of (serializeArticle), for a caller that changes links before writing. */
  fields: ArticleFields;
  html: string;
  title: string;
  postId: string;
  status: 'publish' | 'future';
  /** Set when the post had no GMT date: what its offset was assumed to be. */
  dateAssumed?: string;
  notes: string[];
}

export interface RefusedPost {
  postId: string;
  title: string;
  /** Names the post and the field, e.g. 'post "???" (wp:post_id "/../x"): wp:post_id: must be ...'. */
  message: string;
}

export interface WordPressImport {
  articles: ImportedPost[];
  /** Posts not imported, by reason: draft, pending, private, trash, auto-draft, password, no-date... */
  skipped: Record<string, number>;
  /** Posts that would have been imported but are refused as malformed (also counted in `skipped`). */
  refused: RefusedPost[];
  /** Items that are not posts at all, by post type: page, attachment, nav_menu_item... */
  notPosts: Record<string, number>;
  channel: WordPressChannel;
  /** The categories and tags of imported posts, each once, under the name its Herald tag has. */
  usedTerms: ChannelTerm[];
  /** The authors of imported posts, each once, under the name Herald files them under. */
  usedAuthors: ChannelAuthor[];
  /** Posts made episodes of options.show. */
  episodes: number;
  /** Posts with a playable enclosure whose episode details (duration, season...) were left out for want of
   * a show (frontmatter keeps them only on an episode). */
  episodeDetailsLeftOut: number;
}

type Node = Record<string, unknown>;
const IMPORTED_STATUSES = new Set(['publish', 'future']);
const ABSOLUTE_URI = /^[a-z][a-z0-9+.-]*:\S+$/i;
// WordPress post ids are auto-increment integers. Anything else is a forged or broken export, and the
// id may end up in a file name, so such a post is refused rather than repaired.
const POST_ID = /^\d+$/;
const ARRAYS = new Set([
  'rss.channel.item',
  'rss.channel.wp:author',
  'rss.channel.wp:category',
  'rss.channel.wp:tag',
  'rss.channel.itunes:category',
  'rss.channel.itunes:category.itunes:category',
  'rss.channel.item.category',
  'rss.channel.item.wp:postmeta',
]);

export function parseWxr(xml: string): { channel: Node; items: Node[] } {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // Keep "007" and "1e3" as written; post ids and slugs are strings.
    parseTagValue: false,
    // Decodes &#8217; in plain (non-CDATA) text, as an XML parser must.
    htmlEntities: true,
    isArray: (_name, jpath) => ARRAYS.has(String(jpath)),
  });
  const doc = parser.parse(xml) as Node;
  const channel = (doc.rss as Node | undefined)?.channel as Node | undefined;
  if (!channel || typeof channel !== 'object') throw new Error('not a WordPress export: no <rss><channel> element');
  return { channel, items: (channel.item as Node[] | undefined) ?? [] };
}

export function importWordPress(xml: string, options: WordPressImportOptions = {}): WordPressImport {
  const { channel, items } = parseWxr(xml);
  const zone = channelZone(channel, options.timeZone);
  const site = readChannel(channel);
  const authors = new Map(site.authors.map((a) => [a.login, a]));
  const base = basePath(site.link);
  const usedTerms = new Map<string, ChannelTerm>();
  const usedAuthors = new Map<string, ChannelAuthor>();
  const attachments = new Map<string, string>();
  const imagesByParent = new Map<string, string[]>();
  for (const item of items) {
    if (text(item['wp:post_type']) !== 'attachment') continue;
    const url = text(item['wp:attachment_url']);
    if (!url) continue;
    attachments.set(text(item['wp:post_id']), url);
    if (/\.(?:jpe?g|png|gif|webp|avif|svg)(?:\?|$)/i.test(url)) {
      const parent = text(item['wp:post_parent']);
      const images = imagesByParent.get(parent);
      if (images) images.push(url);
      else imagesByParent.set(parent, [url]);
    }
  }

  const result: WordPressImport = {
    articles: [],
    skipped: {},
    refused: [],
    notPosts: {},
    channel: site,
    usedTerms: [],
    usedAuthors: [],
    episodes: 0,
    episodeDetailsLeftOut: 0,
  };
  const allocate = createPathAllocator();
  for (const item of items) {
    const type = text(item['wp:post_type']) || 'unknown';
    if (type !== 'post') {
      count(result.notPosts, type);
      continue;
    }
    const status = text(item['wp:status']) || 'unknown';
    if (!IMPORTED_STATUSES.has(status)) {
      count(result.skipped, status);
      continue;
    }
    // A password-protected post is public in the export but not on the site: never syndicate it.
    if (text(item['wp:post_password']) !== '') {
      count(result.skipped, 'password');
      continue;
    }
    const postId = text(item['wp:post_id']);
    const storedTitle = htmlToText(text(item.title));
    if (!POST_ID.test(postId)) {
      count(result.skipped, 'invalid-id');
      result.refused.push({
        postId,
        title: storedTitle,
        message: `${describePost(storedTitle, postId)}: wp:post_id: must be a number (digits only); the post is not imported`,
      });
      continue;
    }
    const date = resolveWordPressDate(text(item['wp:post_date']), text(item['wp:post_date_gmt']), zone);
    if (!date) {
      count(result.skipped, 'no-date');
      continue;
    }
    const notes: string[] = [];
    const title = storedTitle || 'Untitled';
    if (!storedTitle) notes.push('the post has no title; used "Untitled"');

    const fields: ArticleFields = { title, date: date.iso };
    // Without a GMT modified time, the publication date's offset is the best guess.
    const modifiedZone = zone ?? {
      name: 'of the publication date',
      resolve: () => date.offsetMinutes,
    };
    const modified = resolveWordPressDate(
      text(item['wp:post_modified']),
      text(item['wp:post_modified_gmt']),
      modifiedZone,
    );
    if (modified && modified.instant > date.instant) fields.updated = modified.iso;
    const login = text(item['dc:creator']);
    const known = authors.get(login);
    const author = known?.name || login;
    if (author) {
      fields.author = author;
      if (!usedAuthors.has(login)) usedAuthors.set(login, known ?? { login, name: author });
    }
    const terms = postTerms(item);
    const tags = [...new Set(terms.map((t) => t.name))];
    if (tags.length > 0) fields.tags = tags;
    for (const term of terms) {
      const key = `${term.kind}:${term.slug}`;
      if (!usedTerms.has(key)) usedTerms.set(key, term);
    }
    const summary = htmlToText(text(item['excerpt:encoded']));
    if (summary) fields.summary = summary;
    const meta = postMeta(item);
    const image = attachments.get(meta.get('_thumbnail_id')?.[0] ?? '');
    if (image) fields.image = image;
    const podcast = podcastOf(meta);
    if (podcast.enclosure) fields.enclosure = podcast.enclosure;
    notes.push(...podcast.notes);
    const details = Object.keys(podcast.episode).length > 0;
    if (podcast.playable && options.show) {
      // The loader takes episode fields on an episode only, so they come with `show` or not at all.
      Object.assign(fields, { show: options.show }, podcast.episode);
      result.episodes++;
    } else if (podcast.playable && details) {
      result.episodeDetailsLeftOut++;
      notes.push('episode details (duration, season, number...) left out: import with --show ID to keep them');
    }
    const guid = text(item.guid);
    // Readers key items on the guid: keeping WordPress's means no duplicates after the move. The loader
    // (like Atom's entry id) needs an absolute URI; anything else would fail the whole article.
    if (ABSOLUTE_URI.test(guid)) fields.id = guid;
    else notes.push(`guid "${guid}" is not an absolute URI; Herald derives an id, so readers may see this post again`);
    fields.format = 'html';

    const content = convertWordPressContent(text(item['content:encoded']), {
      attachments,
      childImages: imagesByParent.get(postId) ?? [],
    });
    notes.push(...content.notes);
    fields.aliases = postAliases(text(item.link), postId, base);
    const path = allocate(date.iso.slice(0, 4), postSlug(text(item['wp:post_name']), title, postId));
    result.articles.push({
      path,
      fileText: serializeArticle(fields, content.html),
      fields,
      html: content.html,
      title,
      postId,
      status: status as 'publish' | 'future',
      dateAssumed: date.assumed,
      notes,
    });
  }
  result.usedTerms = [...usedTerms.values()];
  result.usedAuthors = [...usedAuthors.values()];
  return result;
}

/**
 * A post's categories (without "Uncategorized") and tags, each under the name its Herald tag gets: terms
 * whose names differ only in case are one tag, spelled as the first one.
 */
function postTerms(item: Node): ChannelTerm[] {
  const spelling = new Map<string, string>();
  const terms: ChannelTerm[] = [];
  for (const term of (item.category as unknown[] | undefined) ?? []) {
    const node = (typeof term === 'object' && term !== null ? term : {}) as Node;
    const domain = String(node['@_domain'] ?? '');
    if (domain !== 'category' && domain !== 'post_tag') continue;
    const name = htmlToText(text(term));
    if (name === '') continue;
    const slug = String(node['@_nicename'] ?? '');
    if (domain === 'category' && (slug === 'uncategorized' || name.toLowerCase() === 'uncategorized')) continue;
    const folded = name.toLowerCase();
    if (!spelling.has(folded)) spelling.set(folded, name);
    terms.push({ kind: domain, slug, name: spelling.get(folded) as string });
  }
  return terms;
}

function readChannel(channel: Node): WordPressChannel {
  const link = text(channel['wp:base_blog_url']) || text(channel.link);
  const authors: ChannelAuthor[] = [];
  for (const a of (channel['wp:author'] as Node[] | undefined) ?? []) {
    const login = text(a['wp:author_login']);
    const name = decodeEntities(text(a['wp:author_display_name'])).trim() || login;
    if (login === '' && name === '') continue;
    const id = text(a['wp:author_id']);
    const email = text(a['wp:author_email']);
    const url = text(a['wp:author_url']);
    authors.push({ login, name, ...(id ? { id } : {}), ...(email ? { email } : {}), ...(url ? { url } : {}) });
  }
  const terms: ChannelTerm[] = [];
  for (const c of (channel['wp:category'] as Node[] | undefined) ?? []) {
    const parent = text(c['wp:category_parent']);
    const termId = text(c['wp:term_id']);
    terms.push({
      kind: 'category',
      slug: text(c['wp:category_nicename']),
      name: htmlToText(text(c['wp:cat_name'])),
      ...(termId ? { termId } : {}),
      ...(parent ? { parent } : {}),
    });
  }
  for (const t of (channel['wp:tag'] as Node[] | undefined) ?? []) {
    const termId = text(t['wp:term_id']);
    terms.push({
      kind: 'post_tag',
      slug: text(t['wp:tag_slug']),
      name: htmlToText(text(t['wp:tag_name'])),
      ...(termId ? { termId } : {}),
    });
  }
  return {
    title: htmlToText(text(channel.title)),
    description: htmlToText(text(channel.description)),
    link,
    siteUrl: text(channel['wp:base_site_url']) || link,
    language: text(channel.language),
    authors,
    terms,
    podcast: readItunes(channel),
  };
}

/** The channel's itunes: elements (Apple's podcast namespace), where present. */
function readItunes(channel: Node): WordPressChannel['podcast'] {
  const plain = (key: string) => htmlToText(text(channel[`itunes:${key}`])) || undefined;
  const owner = channel['itunes:owner'] as Node | undefined;
  const ownerName = owner ? htmlToText(text(owner['itunes:name'])) : '';
  const ownerEmail = owner ? text(owner['itunes:email']) : '';
  const imageNode = channel['itunes:image'] as Node | undefined;
  const image =
    (imageNode && typeof imageNode === 'object' ? String(imageNode['@_href'] ?? '').trim() : '') ||
    text((channel.image as Node | undefined)?.url);
  const categories: string[] = [];
  for (const c of (channel['itunes:category'] as Node[] | undefined) ?? []) {
    const parent = String(c?.['@_text'] ?? '').trim();
    if (parent === '') continue;
    const children = ((c['itunes:category'] as Node[] | undefined) ?? [])
      .map((child) => String(child?.['@_text'] ?? '').trim())
      .filter(Boolean);
    if (children.length === 0) categories.push(parent);
    for (const child of children) categories.push(`${parent} > ${child}`);
  }
  const explicit = text(channel['itunes:explicit']).toLowerCase();
  return {
    ...(plain('title') ? { title: plain('title') } : {}),
    ...(plain('summary') ? { summary: plain('summary') } : {}),
    ...(plain('author') ? { author: plain('author') } : {}),
    ...(ownerName || ownerEmail
      ? { owner: { ...(ownerName ? { name: ownerName } : {}), ...(ownerEmail ? { email: ownerEmail } : {}) } }
      : {}),
    ...(image ? { image } : {}),
    categories,
    ...(['yes', 'true', 'explicit'].includes(explicit)
      ? { explicit: true }
      : ['no', 'false', 'clean'].includes(explicit)
        ? { explicit: false }
        : {}),
  };
}

function postMeta(item: Node): Map<string, string[]> {
  const meta = new Map<string, string[]>();
  for (const entry of (item['wp:postmeta'] as Node[] | undefined) ?? []) {
    const key = text(entry['wp:meta_key']);
    const values = meta.get(key);
    if (values) values.push(text(entry['wp:meta_value']));
    else meta.set(key, [text(entry['wp:meta_value'])]);
  }
  return meta;
}

/**
 * post_name is stored percent-encoded for non-ASCII slugs ("%e6%9d%b1..."); scheduled posts may have
 * none. Whichever source wins goes through the one sanitizer, so no source can put "/" or ".." in a path.
 */
function postSlug(postName: string, title: string, postId: string): string {
  let decoded = postName;
  try {
    decoded = decodeURIComponent(postName);
  } catch {
    // Malformed escapes: keep the name as stored.
  }
  for (const candidate of [decoded, slugify(title), `post-${postId}`]) {
    const slug = sanitizeSlug(candidate);
    if (slug !== '') return slug;
  }
  // Unreachable: postId is digits, so "post-<digits>" survives the sanitizer.
  return 'post';
}

/** 'post "Title" (wp:post_id "12")' for messages: quoted (control characters escaped) and cut short. */
export function describePost(title: string, postId: string): string {
  const quote = (s: string) => {
    const chars = [...s];
    return JSON.stringify(chars.length > 80 ? `${chars.slice(0, 80).join('')}…` : s);
  };
  return `post ${quote(title)} (wp:post_id ${quote(postId)})`;
}

function channelZone(channel: Node, override: string | undefined): { resolve: ZoneResolver; name: string } | undefined {
  // Standard WXR carries no time zone; these elements exist only if a plugin or a person added them.
  const name = override || text(channel['wp:timezone_string']) || text(channel['wp:gmt_offset']);
  return name ? { resolve: parseTimeZone(name), name } : undefined;
}

function count(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** The text of an element, whether it came back as a string or as { "#text", "@_attr" }. */
function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return String((value as Node)['#text']).trim();
  return '';
}
