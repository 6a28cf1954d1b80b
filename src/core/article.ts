// The compiled, immutable shapes of the store: what every renderer and route reads.
import type { Redirects } from './redirects.ts';

export interface Enclosure {
  url: string;
  type: string;
  length: number;
}

/** A media file beside the articles (content/articles/**): what serving it, and an enclosure naming
 * it, need. From the file at build time (build/media-files.ts). */
export interface MediaFile {
  /** Length in bytes. */
  size: number;
  /** A strong entity-tag, quoted (`"..."`), that changes whenever the bytes do (If-Range relies on it):
   * a digest of the content, so the same file has the same tag on every machine and runtime. */
  etag: string;
  /** Modification time, ms since the epoch. */
  lastModified: number;
  /** From mediaType (core/media-types.ts). */
  contentType: string;
}

/** Media files by path under articles/ ("2024/ep1.mp3", as on disk, "/" between folders). */
export type MediaFiles = Record<string, MediaFile>;

export interface Person {
  name: string;
  email?: string;
  url?: string;
}

/** A transcript of an episode (podcast namespace 1.0, podcast:transcript). */
export interface Transcript {
  /** Absolute URL. */
  url: string;
  /** text/vtt, application/srt (or application/x-subrip), text/html, application/json. */
  type: string;
  language?: string;
  /** "captions" when the file is timed captions. */
  rel?: string;
}

/** A person of an episode or a show (podcast namespace 1.0, podcast:person). */
export interface EpisodePerson {
  name: string;
  /** The namespace's taxonomy: host, guest, producer... (default host). */
  role?: string;
  group?: string;
  /** Absolute URLs. */
  href?: string;
  img?: string;
}

/** What makes an article an episode of a podcast show (site.yaml `shows`). */
export interface Episode {
  /** The show's id: its feeds are under /podcasts/<id>/. */
  show: string;
  /** Seconds. */
  duration?: number;
  season?: number;
  episode?: number;
  episodeType: 'full' | 'trailer' | 'bonus';
  /** Undefined: the show's. */
  explicit?: boolean;
  transcripts: Transcript[];
  /** JSON chapters (application/json+chapters), absolute URL. */
  chapters?: string;
  persons: EpisodePerson[];
}

/** A podcast show, declared in site.yaml under `shows`, with every URL absolute. */
export interface Show {
  id: string;
  title: string;
  description: string;
  author: string;
  owner: { name: string; email: string };
  /** Absolute URL of the cover art (Apple: square JPEG or PNG, 1,400 to 3,000 pixels). */
  image: string;
  /** Apple's categories, "Parent" or "Parent > Child", in the order given. */
  categories: string[];
  explicit: boolean;
  type: 'episodic' | 'serial';
  /** BCP 47; the site's when not given. */
  language: string;
  funding?: { url: string; text: string };
  locked?: boolean;
  /** podcast:medium (podcast, music, video, audiobook...); absent: podcast. */
  medium?: string;
  /** podcast:guid: UUIDv5 of the feed URL without its scheme and trailing slashes, in the namespace
   * ead4c236-bf58-58c6-a2c6-a6b28d128cb6. */
  guid: string;
}

export interface Article {
  /** Path under articles/ without .md, e.g. "2018/08/pyongyang-end-of-war". */
  slug: string;
  /** Where it came from, for error messages: "content/articles/2018/08/x.md". */
  source: string;
  /** The guid: frontmatter `id`, else derived from site.url and the slug (docs/writing.md, "Stable identity"). */
  id: string;
  title: string;
  /** Publication instant, ms since the epoch. */
  published: number;
  /** Last edit instant, ms since the epoch; equals `published` when not set. */
  updated: number;
  /** Plain text. */
  summary: string;
  /** Sanitized HTML with absolute links; empty when bodies live outside memory (read via Store.body). */
  html: string;
  authors: Person[];
  tags: string[];
  image?: string;
  /** The page readers open: frontmatter `url`, else the article page on this site. */
  link: string;
  /** True when `link` came from frontmatter `url` (an external canonical page). */
  external: boolean;
  enclosure?: Enclosure;
  /** Set when the article is an episode of a podcast show. */
  episode?: Episode;
  /** Its old addresses (frontmatter `aliases`), as core/redirects.ts oldAddressKey keys them. */
  aliases?: string[];
}

export interface Site {
  title: string;
  description: string;
  /** Absolute base URL, always ending in "/". */
  url: string;
  language: string;
  author: Person;
  copyright?: string;
  icon?: string;
  logo?: string;
  timezone: string;
  hub?: string;
  authors: Record<string, { email?: string; url?: string }>;
  /** Items per feed document. */
  items: number;
  /** Podcast shows by id (site.yaml `shows`). */
  shows: Record<string, Show>;
  /** Cache-Control overrides from site.yaml (seconds). */
  cache: {
    maxAge?: number;
    sMaxAge?: number;
    staleWhileRevalidate?: number;
    staleIfError?: number;
  };
}

/** The store as compiled by `npm run build` (or at start on Node): plain JSON, no functions. */
export interface CompiledStore {
  format: 1;
  /** SHA-256 of every source file, in path order: changes exactly when the content does. */
  version: string;
  site: Site;
  /** Newest first by publication, ties by slug; drafts already dropped. */
  articles: Article[];
  /** What /healthz calls the version: entry k (VERSION_BYTES each, k from 0 to the article count) is
   * the version of the site as readers see it with the first k articles still scheduled (see
   * visibleVersions). Absent: `version` stands in (a store made up in memory). */
  visibleVersions?: Uint8Array;
  /** The media files served beside the articles. Absent: none. */
  media?: MediaFiles;
  /** Old addresses (site.yaml redirects, articles' aliases) by key (core/redirects.ts). Absent: none. */
  redirects?: Redirects;
}

/** Bytes of a visible version: 128 bits, 32 hex digits. */
export const VERSION_BYTES = 16;
