// A crawler over the app: start at a few paths, follow every link that stays on the site (HTML href
// and src, OPML outlines, RSS/Atom links, ids and guids, JSON Feed URLs, Link headers), and keep every
// response. Links are read through real parsers for XML and JSON; HTML attributes by a small scanner.
import { parseXml, type XmlNode } from './xml.ts';

interface Requester {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export interface Crawled {
  path: string;
  status: number;
  headers: Headers;
  text: string;
}

export interface CrawlOptions {
  /** The site's public origin and base path; links outside it are not followed. */
  site?: string;
  start?: string[];
  /** Safety stop: a crawl that finds more documents than this throws. */
  limit?: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (ref, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return String.fromCodePoint(code);
    }
    return ENTITIES[name.toLowerCase()] ?? ref;
  });
}

/** href, src and friends in HTML, quoted either way. */
function htmlLinks(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src|action|poster)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    out.push(decodeAttribute(m[1] ?? m[2] ?? ''));
  }
  return out;
}

/** Every attribute value and text node of a parsed XML tree (links, ids, guids, outlines). */
function xmlStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const child of node) xmlStrings(child, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as XmlNode)) {
      // Article bodies are HTML inside text; the article pages carry the same links as HTML.
      if (key === 'content:encoded' || key === 'content') continue;
      xmlStrings(value, out);
    }
  }
  return out;
}

/** Every string in a JSON document except HTML bodies. */
function jsonStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) jsonStrings(v, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) if (key !== 'content_html') jsonStrings(v, out);
  }
  return out;
}

/** `<url>; rel=...` entries of a Link header. */
function headerLinks(headers: Headers): string[] {
  return [...(headers.get('link') ?? '').matchAll(/<([^>]*)>/g)].map((m) => m[1] as string);
}

const isAbsolute = (s: string) => /^https?:\/\//i.test(s.trim());

/** Links in a response, by its media type. */
export function linksOf(page: Crawled): string[] {
  const type = page.headers.get('content-type') ?? '';
  const links = headerLinks(page.headers);
  if (page.status !== 200) return links;
  if (type.startsWith('text/html')) links.push(...htmlLinks(page.text));
  // Attributes are '@name' keys of the parsed tree, so outlines' xmlUrl and links' href are strings too.
  // Feeds carry absolute URLs only (a relative "1.0" is the XML declaration's version, not a link).
  else if (type.includes('xml') || type.includes('opml'))
    links.push(...xmlStrings(parseXml(page.text)).filter(isAbsolute));
  else if (type.includes('json')) links.push(...jsonStrings(JSON.parse(page.text)).filter(isAbsolute));
  return links;
}

/** The app path for `link` (resolved against `base`) when it lies on the site, else undefined. */
export function sitePath(link: string, base: string, site: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link, base);
  } catch {
    return undefined;
  }
  if (!url.href.startsWith(site)) return undefined;
  return `${url.pathname}${url.search}`;
}

/** Crawls from `start`; returns every response by path, in the order they were first reached. */
export async function crawl(app: Requester, options: CrawlOptions = {}): Promise<Map<string, Crawled>> {
  const site = options.site ?? 'https://news.example.org/';
  const limit = options.limit ?? 2000;
  const origin = new URL(site).origin;
  const seen = new Map<string, Crawled>();
  const queue = [...(options.start ?? ['/', '/feeds.opml'])];
  while (queue.length > 0) {
    const path = queue.shift() as string;
    if (seen.has(path)) continue;
    if (seen.size >= limit) throw new Error(`crawl: more than ${limit} documents`);
    const response = await app.request(path);
    const page: Crawled = { path, status: response.status, headers: response.headers, text: await response.text() };
    seen.set(path, page);
    for (const link of linksOf(page)) {
      const next = sitePath(link, `${origin}${path}`, site);
      if (next !== undefined && !seen.has(next)) queue.push(next);
    }
  }
  return seen;
}
