// The compiled store as the Node server reads it: .herald/index.bin, the store without its bodies:
//   4 bytes     length of the header (unsigned, little-endian)
//   header      JSON in ASCII: site, tables of tag names and people, numeric columns, string lengths
//   strings     UTF-8: slug, title and link of every article, one after another
// and bodies.bin holds, for each article in turn, its summary then its HTML body, both read on demand.
// Columns rather than one object per article, tags and authors as numbers into tables, and the strings
// decoded from bytes: JSON.parse would hand out slices of its whole input text, which then stays in
// memory as long as any article does (docs/architecture.md: start time and memory at 100,000 articles).
// Encoding and decoding only; the files are read and written by build/compiled-store.ts.
import { type Article, type CompiledStore, type Person, type Site, VERSION_BYTES } from '../core/article.ts';

/** Bump when the layout changes: an index of another layout is ignored and the store compiled again. */
export const INDEX_LAYOUT = 4;

/** The fields of an article that are columns of the index (or read from bodies.bin, or rebuilt). */
const COLUMNS = [
  'slug',
  'source',
  'id',
  'title',
  'published',
  'updated',
  'summary',
  'html',
  'body',
  'authors',
  'tags',
  'link',
  'external',
] as const;

/** What an article holds beyond the columns (an image, an enclosure, and any field added later, with no
 * change here), with a guid other than the link and whether the link is external, by position. */
type Extra = { at: number; id?: string; external?: true } & Partial<Omit<Article, (typeof COLUMNS)[number]>>;

/** How many content files were compiled, and a digest of their paths, sizes and modification times:
 * tells an unchanged content directory without reading it (build/source-stamp.ts). */
export interface SourceStamp {
  count: number;
  digest: string;
}

export interface IndexFile {
  layout: typeof INDEX_LAYOUT;
  contentDir: string;
  siteUrl: string | null;
  sources: SourceStamp;
  /** compilerStamp() of the Herald that compiled it (build/compiler-stamp.ts). */
  compiler: string;
  /** The compiled store's format and version. */
  format: CompiledStore['format'];
  version: string;
  site: Site;
  tagNames: string[];
  people: Person[];
  /** UTF-8 byte lengths of slug, title and link, three per article, in the strings section. */
  strings: number[];
  published: number[];
  /** updated - published: mostly 0. */
  edited: number[];
  /** Per article: how many, then that many positions in tagNames. */
  tags: number[];
  /** Per article: how many, then that many positions in people. */
  authors: number[];
  /** Byte lengths of each summary and body in bodies.bin, in article order (offsets are the running sum). */
  summaryLength: number[];
  bodyLength: number[];
  extras: Extra[];
  /** CompiledStore.visibleVersions in base64 ('' when it has none). */
  visibleVersions: string;
}

type Header = Pick<IndexFile, 'contentDir' | 'siteUrl' | 'sources' | 'compiler'>;

/** An index ready to write, and the bodies file it points into. */
export interface EncodedIndex {
  index: IndexFile;
  strings: Uint8Array;
  bodies: Uint8Array;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** The index of a compiled store (whose articles still carry their HTML), and its bodies file. */
export function encodeIndex(compiled: CompiledStore, header: Header): EncodedIndex {
  const encoder = new TextEncoder();
  const tagIds = new Map<string, number>();
  const personIds = new Map<string, number>();
  const index: IndexFile = {
    layout: INDEX_LAYOUT,
    ...header,
    format: compiled.format,
    version: compiled.version,
    site: compiled.site,
    tagNames: [],
    people: [],
    strings: [],
    published: [],
    edited: [],
    tags: [],
    authors: [],
    summaryLength: [],
    bodyLength: [],
    extras: [],
    visibleVersions: compiled.visibleVersions ? toBase64(compiled.visibleVersions) : '',
  };
  const strings: Uint8Array[] = [];
  compiled.articles.forEach((a, at) => {
    for (const text of [a.slug, a.title, a.link]) {
      const bytes = encoder.encode(text);
      strings.push(bytes);
      index.strings.push(bytes.byteLength);
    }
    index.published.push(a.published);
    index.edited.push(a.updated - a.published);
    index.tags.push(a.tags.length);
    for (const tag of a.tags) {
      let id = tagIds.get(tag);
      if (id === undefined) {
        id = index.tagNames.push(tag) - 1;
        tagIds.set(tag, id);
      }
      index.tags.push(id);
    }
    index.authors.push(a.authors.length);
    for (const person of a.authors) {
      const key = JSON.stringify([person.name, person.email, person.url]);
      let id = personIds.get(key);
      if (id === undefined) {
        id = index.people.push(person) - 1;
        personIds.set(key, id);
      }
      index.authors.push(id);
    }
    index.summaryLength.push(utf8Length(a.summary));
    index.bodyLength.push(utf8Length(a.html));
    // The source path is only for messages while compiling; a guid equal to the link is rebuilt on load.
    const extra: Extra = { at };
    if (a.external) extra.external = true;
    if (a.id !== a.link) extra.id = a.id;
    for (const [key, value] of Object.entries(a)) {
      if (value !== undefined && !(COLUMNS as readonly string[]).includes(key))
        (extra as Record<string, unknown>)[key] = value;
    }
    if (Object.keys(extra).length > 1) index.extras.push(extra);
  });
  // One buffer sized first, each summary and body encoded straight into it: an array per text cost
  // 100,000 articles seconds of garbage collection (half a gigabyte of short-lived buffers).
  const lengths = [...index.summaryLength, ...index.bodyLength];
  const bodies = new Uint8Array(lengths.reduce((sum, n) => sum + n, 0));
  let offset = 0;
  for (const a of compiled.articles) {
    offset += encoder.encodeInto(a.summary, bodies.subarray(offset)).written;
    offset += encoder.encodeInto(a.html, bodies.subarray(offset)).written;
  }
  return { index, strings: concat(strings), bodies };
}

/** The index file's bytes. */
export function serializeIndex({ index, strings }: Pick<EncodedIndex, 'index' | 'strings'>): Uint8Array {
  // ASCII only (non-ASCII escaped), so the header's length in characters is its length in bytes.
  const header = new TextEncoder().encode(
    JSON.stringify(index).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  const out = new Uint8Array(4 + header.byteLength + strings.byteLength);
  new DataView(out.buffer).setUint32(0, header.byteLength, true);
  out.set(header, 4);
  out.set(strings, 4 + header.byteLength);
  return out;
}

/** An index file's header, and its strings section; undefined when the file has another layout.
 * Throws on a damaged file. */
export function parseIndex(file: Uint8Array): { index: IndexFile; strings: Uint8Array } | undefined {
  const length = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(0, true);
  if (4 + length > file.byteLength) throw new Error('index: truncated');
  const index = JSON.parse(decoder.decode(file.subarray(4, 4 + length))) as IndexFile;
  if (!index || typeof index !== 'object' || index.layout !== INDEX_LAYOUT || index.format !== 1) return undefined;
  return { index, strings: file.subarray(4 + length) };
}

/** Reads `length` bytes at `offset` of the bodies file as text. */
export type ReadText = (offset: number, length: number) => string;

/** Articles as the renderers see them, with the summary a getter (so not an own property) that reads
 * it from the bodies file. A class of its own scope: one made inside decodeIndex would keep that
 * function's variables (the whole index file) alive as long as any article. */
function indexedArticle(read: ReadText) {
  return class IndexedArticle {
    readonly #summaryLength: number;
    readonly slug: string;
    readonly id: string;
    readonly title: string;
    readonly published: number;
    readonly updated: number;
    readonly body: [number, number];
    readonly authors: Person[];
    readonly tags: string[];
    readonly link: string;
    readonly external: boolean;
    constructor(
      columns: Omit<Article, 'source' | 'html' | 'summary'> & { body: [number, number] },
      summaryLength: number,
    ) {
      this.slug = columns.slug;
      this.id = columns.id;
      this.title = columns.title;
      this.published = columns.published;
      this.updated = columns.updated;
      this.body = columns.body;
      this.authors = columns.authors;
      this.tags = columns.tags;
      this.link = columns.link;
      this.external = columns.external;
      this.#summaryLength = summaryLength;
    }
    readonly source = '';
    readonly html = '';
    get summary(): string {
      return this.#summaryLength === 0 ? '' : read(this.body[0] - this.#summaryLength, this.#summaryLength);
    }
  };
}

/** The compiled store an index describes, bodies and summaries left out: html is '' and `body` locates
 * the body in the bodies file (`size` bytes, read by `read`); `summary` is read from there when asked
 * for, so 100,000 summaries (30 MB) cost no heap. Throws on an index whose parts disagree, so a damaged
 * file compiles again. */
export function decodeIndex(
  { index, strings }: { index: IndexFile; strings: Uint8Array },
  bodies: { size: number; read: ReadText },
): CompiledStore {
  const { published, edited, tags, authors, summaryLength, bodyLength, tagNames, people, site } = index;
  const n = published.length;
  for (const column of [edited, summaryLength, bodyLength]) {
    if (!Array.isArray(column) || column.length !== n) throw new Error('index: columns of different lengths');
  }
  if (index.strings.length !== 3 * n) throw new Error('index: columns of different lengths');
  const IndexedArticle = indexedArticle(bodies.read);
  const extras = new Map(index.extras.map((e) => [e.at, e]));
  const articles: Article[] = [];
  let at = 0;
  let s = 0;
  // Each string is decoded into a string of its own, so the file's bytes are garbage afterwards.
  const text = () => {
    const end = at + (index.strings[s++] as number);
    const value = decoder.decode(strings.subarray(at, end));
    at = end;
    return value;
  };
  let t = 0;
  let p = 0;
  let offset = 0;
  for (let i = 0; i < n; i++) {
    // Sized up front: an array grown by push keeps room for 17 elements, 300 bytes an article here.
    const articleTags: string[] = new Array(tags[t++] as number);
    for (let k = 0; k < articleTags.length; k++) articleTags[k] = tagNames[tags[t++] as number] as string;
    const articleAuthors: Person[] = new Array(authors[p++] as number);
    for (let k = 0; k < articleAuthors.length; k++) articleAuthors[k] = people[authors[p++] as number] as Person;
    const extra = extras.get(i);
    const summary = summaryLength[i] as number;
    const length = bodyLength[i] as number;
    offset += summary;
    const slug = text();
    const title = text();
    const link = text();
    const { at: _, id = link, external = false, ...rest } = extra ?? { at: i };
    const article: Article = new IndexedArticle(
      {
        slug,
        id,
        title,
        published: published[i] as number,
        updated: (published[i] as number) + (edited[i] as number),
        body: [offset, length],
        authors: articleAuthors,
        tags: articleTags,
        link,
        external,
      },
      summary,
    );
    articles.push(Object.assign(article, rest));
    offset += length;
  }
  if (
    at !== strings.byteLength ||
    t !== tags.length ||
    p !== authors.length ||
    offset !== bodies.size ||
    articles.some((a) => a.tags.includes(undefined as never) || a.authors.includes(undefined as never))
  ) {
    throw new Error('index: does not match its strings or the bodies file');
  }
  const visibleVersions = fromBase64(index.visibleVersions);
  if (visibleVersions.byteLength !== 0 && visibleVersions.byteLength !== VERSION_BYTES * (n + 1)) {
    throw new Error('index: visible versions do not match the articles');
  }
  return {
    format: index.format,
    version: index.version,
    site,
    articles,
    ...(visibleVersions.byteLength > 0 ? { visibleVersions } : {}),
  };
}

const decoder = new TextDecoder();

/** UTF-8 bytes of `text`, counted without encoding it (lone surrogates count as U+FFFD, as encoding does). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
