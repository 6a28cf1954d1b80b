// The compiled, immutable shapes of the store: what every renderer and route reads.

export interface Enclosure {
  url: string;
  type: string;
  length: number;
}

export interface Person {
  name: string;
  email?: string;
  url?: string;
}

export interface Article {
  /** Path under articles/ without .md, e.g. "2018/08/pyongyang-end-of-war". */
  slug: string;
  /** Where it came from, for error messages: "content/articles/2018/08/x.md". */
  source: string;
  /** The guid: frontmatter `id`, else derived from site.url and the slug (see README, "Stable identity"). */
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
  /** Byte offset and length of the body in the Node bodies file, when not kept in memory. */
  body?: [number, number];
  authors: Person[];
  tags: string[];
  image?: string;
  /** The page readers open: frontmatter `url`, else the article page on this site. */
  link: string;
  /** True when `link` came from frontmatter `url` (an external canonical page). */
  external: boolean;
  enclosure?: Enclosure;
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
}

/** Bytes of a visible version: 128 bits, 32 hex digits. */
export const VERSION_BYTES = 16;
