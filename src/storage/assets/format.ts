// The compiled store as Workers static assets: a store of any size deploys beside the Worker
// script instead of inside it (3 MB gzipped limit), and a fresh isolate reads only what a page needs.
//
//   store/manifest.json   site, version, article count, the slugs of the tags and authors, and the head:
//                         the dates a visible set from the build's on needs (below)
//   store/groups.json     every tag's and author's row (AssetGroup: name, where its positions are, its
//                         head); store/groups/N.json the row of group N alone, for its own feeds
//   store/groups.bin      Uint32 positions of every tag, then every author, ascending within a group
//   store/groups/N.bin    the same positions of group N alone (tags numbered first, then authors): a tag
//                         or author feed reads its own group, not every group (1.7 MB at 100,000 articles).
//                         The Node store has no groups/ folder (manifest.groupFiles false): a server
//                         reads groups.json and groups.bin once and keeps them, and a build creates
//                         two files per tag and author fewer (creating a file costs more than writing it)
//   store/dates.bin       Float64 published[count] then updated[count]
//   store/newest.bin      Float64 suffix maxima of `updated`: over the list from each position, then over
//                         each group from each of its entries, so a feed's `updated` is one read, not a scan
//   store/versions.bin    CompiledStore.visibleVersions: /healthz's version for any number of hidden articles
//   store/chunks/N.bin    records (the article as JSON, its body as text: decode only those needed) of chunkSize articles,
//                         counted from the oldest (chunk 0), newest first within a chunk (see chunkOf)
//   store/records/N-K.bin group N's records in runs of groupChunkSize entries counted from its oldest
//                         (newest first within a run, as chunkOf counts), for a group whose entries lie
//                         far apart in the list (see ownsRecords below)
//   store/slugs/B.json    slug -> position for the slugs whose hash falls in bucket B (article pages)
//   store/prerendered.json + store/pages/N.bin   the first page of every listed feed, the home page and
//                         the OPML list, rendered at build time: served as they are while the visible set
//                         and the settings are the build's (src/runtime/workers/prerendered.ts)
//
// Binary where a fresh isolate would otherwise parse megabytes of JSON: a typed-array view over the
// fetched bytes costs no parsing (both runtimes are little-endian, as every Workers and Node host is).
// The head keeps dates.bin and newest.bin (6 MB at 100,000 articles) out of a fresh isolate: the articles
// are sorted newest first, so while the clock is at or past the build's first visible article, which
// articles are hidden, when the next goes live and each feed's newest `updated` are all read from the
// first few positions (the scheduled articles and one more). A clock behind that reads the full files.
// A feed page needs its articles' chunks only: one or two for the site feed and for a popular tag, and
// one or two of its own record chunks for any other group. Without those a rare tag's page read one
// chunk per item, and in workerd each fetch costs the isolate ~0.3-0.5 ms of CPU plus ~4 ms per MB
// received: 20 chunks of 32 records were 3.4 MB, past the 10 ms budget alone. The price is
// disk: each sparse group's records are stored a second time (3.6 times the chunks' bytes at 100,000).
// File count stays below the 20,000-file limit: 100,000 articles make about 11,300 files.

import type { Article, Site } from '../../core/article.ts';
import type { CachePolicy } from '../../http/cache-policy.ts';
import type { SavedRepresentation } from '../../http/representation.ts';

export const ASSET_FORMAT = 9;
/** Articles per chunk, at least. The site feed, archives, popular tags and article pages read these
 * (sparse groups read their own record chunks, below). Smaller chunks would cost less per read (each MB
 * received costs a fresh isolate ~4 ms of CPU in workerd), but a feed page would span two of them more
 * often, and the file count would grow. */
export const CHUNK_SIZE = 32;
/** Chunks at most: beyond CHUNK_SIZE x MAX_CHUNKS articles (262,144) chunks grow instead, so the files
 * stay far below the 20,000-file limit of a Workers deploy whatever the store's size. */
export const MAX_CHUNKS = 8192;

/** Articles per chunk for a store of `count` articles (the manifest records it). */
export function chunkSizeFor(count: number): number {
  return Math.max(CHUNK_SIZE, Math.ceil(count / MAX_CHUNKS));
}
/** The chunk holding the article at `position` (0 the newest) of `count`, and its index in the chunk.
 * Chunks are counted from the oldest article, so a new article changes the newest chunk alone and a
 * redeploy uploads only that one (wrangler deploy skips unchanged files), not every chunk. */
export function chunkOf(position: number, count: number, size: number): [chunk: number, index: number] {
  const chunk = Math.floor((count - 1 - position) / size);
  return [chunk, position - chunkStart(chunk, count, size)];
}

/** The position of the newest article in chunk `chunk` (its records run from there to the older end). */
export function chunkStart(chunk: number, count: number, size: number): number {
  return Math.max(0, count - (chunk + 1) * size);
}

/** Group record chunks beyond which their size grows (in whole pages) instead of their number: at most
 * this many plus one partial chunk per group with record chunks (the file count also grows with the
 * number of tags and authors: a positions file and three prerendered pages each). */
export const MAX_GROUP_CHUNKS = 6144;

/** Records per group chunk, for `entries` group entries stored again and pages of `items`: whole pages
 * counted from the oldest, so every page but the first and every archive reads exactly one group chunk. */
export function groupChunkSizeFor(entries: number, items: number): number {
  return items * Math.max(1, Math.ceil(entries / (items * MAX_GROUP_CHUNKS)));
}

/** Whether a group's entries are stored again as its own record chunks: when its pages would read more
 * than three chunks each on average (`chunks`: how many distinct chunks its entries lie in). The site
 * feed and a popular tag read one or two: the second copy would cost disk and save nothing. */
export function ownsRecords(chunks: number, entries: number, items: number): boolean {
  return chunks > 3 * Math.max(1, entries / items);
}

/** Which groups get their own record chunks (ownsRecords): 'sparse' those whose pages
 * would read many of the list's chunks (the build's choice); 'all' and 'none' for the warm-up and tests,
 * which must reach both ways of reading a group's page with a store of a few articles. */
export type GroupRecords = 'sparse' | 'all' | 'none';

/** Slugs per bucket, on average. */
export const SLUGS_PER_BUCKET = 256;

export const MANIFEST_PATH = '/store/manifest.json';
export const DATES_PATH = '/store/dates.bin';
export const GROUPS_PATH = '/store/groups.bin';
export const GROUP_ROWS_PATH = '/store/groups.json';
export const NEWEST_PATH = '/store/newest.bin';
export const VERSIONS_PATH = '/store/versions.bin';
export const PRERENDERED_PATH = '/store/prerendered.json';
/** The media files beside the articles (core/article.ts MediaFiles): read by the first media request. */
export const MEDIA_PATH = '/store/media.json';
export const chunkPath = (n: number) => `/store/chunks/${n}.bin`;
export const groupChunkPath = (n: number, k: number) => `/store/records/${n}-${k}.bin`;
export const groupPath = (n: number) => `/store/groups/${n}.bin`;
export const groupRowPath = (n: number) => `/store/groups/${n}.json`;
export const pagePath = (n: number) => `/store/pages/${n}.bin`;
export const slugBucketPath = (n: number) => `/store/slugs/${n}.json`;
/** Old addresses (core/redirects.ts) in buckets by slugBucket of the key: a miss reads one small file. */
export const redirectBucketPath = (n: number) => `/store/redirects/${n}.json`;

/** slug, name (the newest article's spelling), offset and length in groups.bin, the positions whose
 * article spells the name differently ([index in the group, spelling]; usually none), the group's
 * newest.bin values and positions for its entries up to its first one visible at the build (the head,
 * see above: with them a clock from the build on counts the group's visible articles, as the home page
 * and the OPML list do for every group, without reading groups.bin), and whether its records are also
 * stored as its own record chunks (1) or only in the list's chunks (0). */
export type AssetGroup = [
  slug: string,
  name: string,
  offset: number,
  length: number,
  variants: [number, string][],
  newest: number[],
  head: number[],
  records: 0 | 1,
];

/** store/groups.json: every group's row (the lists, WebSub); store/groups/N.json holds row N alone. */
export interface AssetGroups {
  tags: AssetGroup[];
  authors: AssetGroup[];
  shows: AssetGroup[];
}

/** published and newest (suffix maxima of `updated`) of positions 0..S, S the first visible at the build
 * (all of them when every article was scheduled). */
export interface AssetHead {
  published: number[];
  newest: number[];
  /** The visible versions (store.ts versionIn) with 0..S articles hidden. */
  versions: string[];
}

export interface AssetManifest {
  format: typeof ASSET_FORMAT;
  version: string;
  /** SITE_URL the bodies were rendered with (null: site.yaml's url). */
  siteUrl: string | null;
  site: Site;
  count: number;
  chunkSize: number;
  /** Records per group chunk (store/records/), and which groups have them. */
  groupChunkSize: number;
  groupRecords: GroupRecords;
  /** Whether store/groups/N.json and N.bin exist (the Workers assets), or a group is read from
   * groups.json and groups.bin (the Node store). */
  groupFiles: boolean;
  slugBuckets: number;
  /** The slugs of the tags, then of the authors, then of the shows, in group number order (groupPath).
   * Their rows are in groups.json and groups/N.json: a request for the site's feed, an archive or an
   * article parses none of them (82 KB of JSON at 100,000 articles: ~1.5 ms of a fresh isolate's CPU in
   * workerd). */
  tagSlugs: string[];
  authorSlugs: string[];
  showSlugs: string[];
  /** How many redirect buckets there are (0: the store has no old addresses). */
  redirectBuckets: number;
  head: AssetHead;
  /** The build's Herald (build/compiler-stamp.ts): assets from another version are written again. */
  compiler: string;
  /** What the store was compiled from, when a Node server reuses it while its sources are unchanged. */
  origin?: StoreOrigin;
}

/** How many content files were compiled, and a digest of their paths, sizes and modification times:
 * tells an unchanged content directory without reading it (build/source-stamp.ts). */
export interface SourceStamp {
  count: number;
  digest: string;
}

/** The content directory a store was compiled from (absolute), and the stamp of its sources then. */
export interface StoreOrigin {
  contentDir: string;
  sources: SourceStamp;
}

export interface PrerenderedIndex {
  format: typeof ASSET_FORMAT;
  version: string;
  /** settingsKey() of the build's environment: a Worker whose vars differ renders for itself. */
  settings: string;
  /** The documents hold while the visible set is the build's: from <= now < until (null: unbounded). */
  from: number | null;
  until: number | null;
  policy: CachePolicy;
  /** Request path -> page file number. (`version` above is for people reading the file.) */
  pages: Record<string, number>;
}

/** [length of the JSON: u32][SavedRepresentation as JSON][the document's bytes] */
export function encodePage(saved: SavedRepresentation, body: Uint8Array): Uint8Array {
  const meta = encoder.encode(JSON.stringify(saved));
  const out = new Uint8Array(4 + meta.byteLength + body.byteLength);
  new DataView(out.buffer).setUint32(0, meta.byteLength, true);
  out.set(meta, 4);
  out.set(body, 4 + meta.byteLength);
  return out;
}

export function decodePage(page: Uint8Array<ArrayBuffer>): {
  saved: SavedRepresentation;
  body: Uint8Array<ArrayBuffer>;
} {
  const length = new DataView(page.buffer, page.byteOffset, page.byteLength).getUint32(0, true);
  const saved = JSON.parse(decoder.decode(page.subarray(4, 4 + length))) as SavedRepresentation;
  return { saved, body: page.subarray(4 + length) };
}

/** What a chunk record holds: the article without what only the compiler or the Node reader uses. */
export type AssetArticle = Omit<Article, 'source' | 'body'>;

export function slugBucketCount(count: number): number {
  return Math.max(1, Math.ceil(count / SLUGS_PER_BUCKET));
}

/** FNV-1a over UTF-16 code units: the same bucket for a slug at build time (Node) and in the Worker. */
export function slugBucket(slug: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < slug.length; i++) {
    hash ^= slug.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % buckets;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One chunk record: [length of the JSON: u32][the article but its body, as UTF-8 JSON][the body, UTF-8].
 * The body apart: it is most of an article's bytes, and as JSON every quote in it would be escaped when
 * the store is written and unescaped when a page reads it; as it is, it is copied either way. */
export function encodeRecord(article: AssetArticle): Uint8Array<ArrayBuffer> {
  const { html, ...rest } = article;
  const meta = encoder.encode(JSON.stringify(rest));
  const body = encoder.encode(html);
  // Exactly its size, in a buffer of its own: a build's compile threads transfer it whole.
  const out = new Uint8Array(4 + meta.byteLength + body.byteLength);
  new DataView(out.buffer).setUint32(0, meta.byteLength, true);
  out.set(meta, 4);
  out.set(body, 4 + meta.byteLength);
  return out;
}

/** [count: u32][count + 1 offsets: u32, relative to the records][records: UTF-8 JSON, one after another]
 * (records from encodeRecord; the list's chunks and the groups' record chunks alike) */
export function encodeChunk(records: readonly Uint8Array[]): Uint8Array {
  const head = 4 * (records.length + 2);
  const size = records.reduce((n, r) => n + r.byteLength, 0);
  const out = new Uint8Array(head + size);
  const view = new DataView(out.buffer);
  view.setUint32(0, records.length, true);
  let at = 0;
  records.forEach((record, i) => {
    view.setUint32(4 * (i + 1), at, true);
    out.set(record, head + at);
    at += record.byteLength;
  });
  view.setUint32(4 * (records.length + 1), at, true);
  return out;
}

/** Record `index` of an encoded chunk, as an Article (source is not shipped: empty). */
export function decodeChunkRecord(chunk: Uint8Array, index: number): Article {
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const count = view.getUint32(0, true);
  if (index < 0 || index >= count) throw new RangeError(`chunk record ${index} of ${count}`);
  const head = 4 * (count + 2);
  const start = view.getUint32(4 * (index + 1), true);
  const end = view.getUint32(4 * (index + 2), true);
  const at = head + start;
  const metaLength = view.getUint32(at, true);
  const meta = JSON.parse(decoder.decode(chunk.subarray(at + 4, at + 4 + metaLength))) as Omit<AssetArticle, 'html'>;
  return { ...meta, html: decoder.decode(chunk.subarray(at + 4 + metaLength, head + end)), source: '' };
}

/** out[i] = max(values[i..]), and 0 past the end: the newest update from position i on. */
export function suffixMax(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let max = 0;
  for (let i = values.length - 1; i >= 0; i--) {
    max = Math.max(max, values[i] as number);
    out[i] = max;
  }
  return out;
}
