// Node only: the layout of .herald/index.bin, the store without its bodies that `npm start` reads:
//   4 bytes     length of the header (unsigned, little-endian)
//   header      JSON in ASCII: site, tables of tag names and people, numeric columns, string lengths
//   strings     UTF-8: slug, title and link of every article, one after another
// and bodies.bin holds, for each article in turn, its summary then its HTML body, both read on demand.
// Columns rather than one object per article, tags and authors as numbers into tables, and the strings
// decoded from bytes: JSON.parse would hand out slices of its whole input text, which then stays in
// memory as long as any article does (issue 5: start within 3 s, 100,000 articles in 200 MB).
import {
  type Article,
  type CompiledStore,
  type Enclosure,
  type Person,
  type Site,
  VERSION_BYTES,
} from '../store/article.ts';
import type { SourceStamp } from './source-stamp.ts';

/** Bump when the layout changes: an index of another layout is ignored and the store compiled again. */
export const INDEX_LAYOUT = 4;

/** What an article keeps that most do not: a guid other than the link, an image or an enclosure, and
 * whether its link is external, with its position. */
interface Extra {
  at: number;
  external?: true;
  id?: string;
  image?: string;
  enclosure?: Enclosure;
}

export interface IndexFile {
  layout: typeof INDEX_LAYOUT;
  contentDir: string;
  siteUrl: string | null;
  sources: SourceStamp;
  /** compilerStamp() of the Herald that compiled it (entry/compiler-stamp.ts). */
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
    visibleVersions: compiled.visibleVersions ? Buffer.from(compiled.visibleVersions).toString('base64') : '',
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
    index.summaryLength.push(Buffer.byteLength(a.summary, 'utf8'));
    index.bodyLength.push(Buffer.byteLength(a.html, 'utf8'));
    // The source path is only for messages while compiling; a guid equal to the link is rebuilt on load.
    const extra: Extra = { at };
    if (a.external) extra.external = true;
    if (a.id !== a.link) extra.id = a.id;
    if (a.image !== undefined) extra.image = a.image;
    if (a.enclosure !== undefined) extra.enclosure = a.enclosure;
    if (Object.keys(extra).length > 1) index.extras.push(extra);
  });
  // One buffer sized first, each summary and body encoded straight into it: an array per text cost
  // 100,000 articles seconds of garbage collection (half a gigabyte of short-lived buffers).
  const lengths = [...index.summaryLength, ...index.bodyLength];
  const bodies = Buffer.allocUnsafe(lengths.reduce((sum, n) => sum + n, 0));
  let offset = 0;
  compiled.articles.forEach((a, i) => {
    offset += bodies.write(a.summary, offset, index.summaryLength[i] as number, 'utf8');
    offset += bodies.write(a.html, offset, index.bodyLength[i] as number, 'utf8');
  });
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
export function parseIndex(file: Buffer): { index: IndexFile; strings: Buffer } | undefined {
  const length = file.readUInt32LE(0);
  if (4 + length > file.byteLength) throw new Error('index: truncated');
  const index = JSON.parse(file.toString('latin1', 4, 4 + length)) as IndexFile;
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
    constructor(
      readonly slug: string,
      readonly id: string,
      readonly title: string,
      readonly published: number,
      readonly updated: number,
      readonly body: [number, number],
      readonly authors: Person[],
      readonly tags: string[],
      readonly link: string,
      readonly external: boolean,
      summaryLength: number,
    ) {
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
  { index, strings }: { index: IndexFile; strings: Buffer },
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
    const value = strings.toString('utf8', at, end);
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
    const article: Article = new IndexedArticle(
      slug,
      extra?.id ?? link,
      title,
      published[i] as number,
      (published[i] as number) + (edited[i] as number),
      [offset, length],
      articleAuthors,
      articleTags,
      link,
      extra?.external === true,
      summary,
    );
    if (extra?.image !== undefined) article.image = extra.image;
    if (extra?.enclosure !== undefined) article.enclosure = extra.enclosure;
    articles.push(article);
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
  const visibleVersions = new Uint8Array(Buffer.from(index.visibleVersions, 'base64'));
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
