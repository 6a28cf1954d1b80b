// WordPress export (WXR 1.x XML) -> Herald article files, with counts of everything left behind.
import { XMLParser } from 'fast-xml-parser';
import { decodeEntities } from '../content/entities.ts';
import { htmlToText } from '../content/html-text.ts';
import {
  type ArticleEnclosure,
  type ArticleFields,
  createPathAllocator,
  sanitizeSlug,
  serializeArticle,
  slugify,
} from './article-file.ts';
import { convertWordPressContent } from './wp-content.ts';
import { parseTimeZone, resolveWordPressDate, type ZoneResolver } from './wp-date.ts';

export interface WordPressImportOptions {
  /** Used when a post has no GMT date: IANA name, +HH:MM or hours. Wins over the channel's own. */
  timeZone?: string;
}

export interface ImportedPost {
  /** Relative to content/articles/, e.g. "2018/end-of-war.md". */
  path: string;
  fileText: string;
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
  const authors = new Map<string, string>();
  for (const a of (channel['wp:author'] as Node[] | undefined) ?? []) {
    authors.set(text(a['wp:author_login']), decodeEntities(text(a['wp:author_display_name'])));
  }
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

  const result: WordPressImport = { articles: [], skipped: {}, refused: [], notPosts: {} };
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
    const author = authors.get(text(item['dc:creator'])) || text(item['dc:creator']);
    if (author) fields.author = author;
    const tags = termNames(item);
    if (tags.length > 0) fields.tags = tags;
    const summary = htmlToText(text(item['excerpt:encoded']));
    if (summary) fields.summary = summary;
    const meta = postMeta(item);
    const image = attachments.get(meta.get('_thumbnail_id')?.[0] ?? '');
    if (image) fields.image = image;
    const enclosures = meta.get('enclosure') ?? [];
    const enclosure = enclosures.map(parseEnclosure).find((e) => e !== undefined);
    if (enclosure) fields.enclosure = enclosure;
    if (enclosures.length > 1)
      notes.push(`${enclosures.length} enclosures; Herald keeps one: ${enclosure?.url ?? 'none parsed'}`);
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
    const path = allocate(date.iso.slice(0, 4), postSlug(text(item['wp:post_name']), title, postId));
    result.articles.push({
      path,
      fileText: serializeArticle(fields, content.html),
      title,
      postId,
      status: status as 'publish' | 'future',
      dateAssumed: date.assumed,
      notes,
    });
  }
  return result;
}

/** Categories (without "Uncategorized") and tags by their display names, first spelling wins. */
function termNames(item: Node): string[] {
  const seen = new Map<string, string>();
  for (const term of (item.category as unknown[] | undefined) ?? []) {
    const node = (typeof term === 'object' && term !== null ? term : {}) as Node;
    const domain = String(node['@_domain'] ?? '');
    if (domain !== 'category' && domain !== 'post_tag') continue;
    const name = htmlToText(text(term));
    if (name === '') continue;
    if (domain === 'category' && (node['@_nicename'] === 'uncategorized' || name.toLowerCase() === 'uncategorized'))
      continue;
    if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.values()];
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

/** WordPress stores an enclosure as "URL\nLENGTH\nTYPE" (plus, sometimes, a serialized array). */
export function parseEnclosure(value: string): ArticleEnclosure | undefined {
  const [url = '', length = '', type = ''] = value.split(/\r?\n/).map((s) => s.trim());
  if (!/^https?:\/\//i.test(url)) return undefined;
  const bytes = Number.parseInt(length, 10);
  return {
    url,
    type: /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'application/octet-stream',
    length: Number.isFinite(bytes) && bytes >= 0 ? bytes : 0,
  };
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
