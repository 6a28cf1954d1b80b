// A store read from Workers static assets (storage/assets/format.ts): the manifest on open, a tag's or author's
// positions when a request needs them (prepare), then the chunks a page needs.
import type { Article, MediaFile, MediaFiles } from '../../core/article.ts';
import type { Redirects, RedirectTarget } from '../../core/redirects.ts';
import { type Catalog, type Group, type Selector, type Store, storeOver, versionIn } from '../../store/store.ts';
import {
  ASSET_FORMAT,
  type AssetGroup,
  type AssetGroups,
  type AssetManifest,
  chunkOf,
  chunkPath,
  DATES_PATH,
  decodeChunkRecord,
  GROUP_ROWS_PATH,
  GROUPS_PATH,
  groupChunkPath,
  groupPath,
  groupRowPath,
  MANIFEST_PATH,
  MEDIA_PATH,
  NEWEST_PATH,
  redirectBucketPath,
  slugBucket,
  slugBucketPath,
  VERSIONS_PATH,
} from './format.ts';

/** What the store reads of a fetched asset: a Response has it, and so can bytes already in memory (the
 * Worker's start-up warm-up, runtime/workers/warm-up.ts, runs where Workers forbid constructing a Response). */
export interface AssetResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly body?: { cancel(): Promise<void> } | null;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Fetches one asset by path (the Worker: env.ASSETS.fetch). */
export type FetchAsset = (path: string) => Promise<AssetResponse>;

/** Chunks kept decoded-ready per isolate, the list's and the groups' own: 64 x 150-350 KB, far below the
 * 128 MB isolate limit. */
const CHUNK_CACHE = 64;

export interface AssetStore extends Store<Promise<Article[]>, Promise<Article | undefined>> {
  readonly siteUrl: string | null;
  /** The earliest instant the store answers about; before it, open again with that instant. */
  readonly validFrom: number;
  prepare(need?: Selector | 'lists'): Promise<void> | undefined;
}

export interface OpenOptions {
  /** The earliest instant the store will be asked about (the request's clock). From the build's first
   * visible article on, the manifest's head answers every date question; before it (a clock behind the
   * build's), the full dates are read too. Default: the head's own reach. */
  from?: number;
}

async function fetchOk(fetchAsset: FetchAsset, path: string): Promise<AssetResponse> {
  const response = await fetchAsset(path);
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`static asset ${path}: HTTP ${response.status} (was .herald/assets deployed by npm run build?)`);
  }
  return response;
}

/** A tag or author: its positions are its own file or a view into groups.bin (found again by `offset`
 * in newest.bin), or, until one of them is read, the head alone (storage/assets/format.ts AssetGroup). */
class PositionGroup implements Group {
  constructor(
    /** Its number among all groups (groupPath, groupChunkPath). */
    readonly number: number,
    /** Whether its records are stored as its own record chunks too (storage/assets/format.ts ownsRecords). */
    readonly ownRecords: boolean,
    readonly slug: string,
    readonly name: string,
    readonly size: number,
    readonly offset: number,
    private readonly spellings: Map<number, string> | undefined,
    /** The head of its newest.bin values (storage/assets/format.ts AssetGroup). */
    readonly newest: number[],
    /** Its positions once read, else the head (undefined when the head does not answer: a full store). */
    private readonly read: () => Uint32Array | number[] | undefined,
  ) {}
  get positions(): ArrayLike<number> {
    const positions = this.read();
    if (!positions) throw new Error(`group ${this.slug} not read yet: a route must await store.prepare() first`);
    return positions;
  }
  nameAt(i: number): string {
    return this.spellings?.get(i) ?? this.name;
  }
}

/** The tags or authors of the manifest, each made into a Group when first asked for: a fresh isolate's
 * first request needs one or none of the hundreds there are (its CPU budget is 10 ms). The
 * manifest names them (slugs); a group's row comes from groups/N.json or groups.json, read by prepare(). */
class GroupTable implements ReadonlyMap<string, Group> {
  // Slug -> index, made on first use: the site's feed, archives and articles never look a group up.
  private index: Map<string, number> | undefined;
  private readonly made: (PositionGroup | undefined)[] = [];
  constructor(
    private readonly slugs: string[],
    /** Number of the first row among all groups (groupPath): 0 for tags, the tag count for authors. */
    private readonly first: number,
    /** Row `n` of all groups, once read. */
    private readonly rowOf: (n: number) => AssetGroup | undefined,
    /** A group's positions (by number and row), or its head until they are read (PositionGroup). */
    private readonly positions: (n: number, row: AssetGroup) => Uint32Array | number[] | undefined,
  ) {}
  private get at(): Map<string, number> {
    this.index ??= new Map(this.slugs.map((slug, i) => [slug, i]));
    return this.index;
  }
  /** The group's number among all groups (groupPath), or undefined for a slug that names none. */
  number(slug: string): number | undefined {
    const i = this.at.get(slug);
    return i === undefined ? undefined : this.first + i;
  }
  private group(i: number): PositionGroup {
    let made = this.made[i];
    if (!made) {
      const n = this.first + i;
      const row = this.rowOf(n);
      if (!row) throw new Error(`group ${this.slugs[i]} not read yet: a route must await store.prepare() first`);
      const [slug, name, offset, length, variants, newest, , records] = row;
      const spellings = variants.length > 0 ? new Map(variants) : undefined;
      const read = () => this.positions(n, row);
      made = new PositionGroup(n, records === 1, slug, name, length, offset, spellings, newest, read);
      this.made[i] = made;
    }
    return made;
  }
  get size() {
    return this.slugs.length;
  }
  get(slug: string): PositionGroup | undefined {
    const i = this.at.get(slug);
    return i === undefined ? undefined : this.group(i);
  }
  has(slug: string): boolean {
    return this.at.has(slug);
  }
  *entries(): MapIterator<[string, Group]> {
    for (let i = 0; i < this.slugs.length; i++) yield [this.slugs[i] as string, this.group(i)];
  }
  keys(): MapIterator<string> {
    return this.at.keys();
  }
  *values(): MapIterator<Group> {
    for (let i = 0; i < this.slugs.length; i++) yield this.group(i);
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  forEach(callback: (group: Group, slug: string, map: ReadonlyMap<string, Group>) => void): void {
    for (const [slug, group] of this.entries()) callback(group, slug, this);
  }
}

export async function openAssetStore(fetchAsset: FetchAsset, { from }: OpenOptions = {}): Promise<AssetStore> {
  const manifest = (await (await fetchOk(fetchAsset, MANIFEST_PATH)).json()) as AssetManifest;
  if (manifest.format !== ASSET_FORMAT) {
    throw new Error(`static asset ${MANIFEST_PATH}: format ${manifest.format}, expected ${ASSET_FORMAT}; rebuild`);
  }
  const { count, chunkSize, head } = manifest;
  // storage/assets/format.ts: the head reaches every instant from its last entry's publication on (any instant
  // when it holds every article).
  const reach = head.published.length < count ? (head.published.at(-1) as number) : Number.NEGATIVE_INFINITY;
  const full = from !== undefined && from < reach ? await readFull(fetchAsset, count) : undefined;
  // Groups are read only by requests that need them (a fresh isolate's CPU): a tag or author
  // feed reads its own row and, unless it has its own record chunks, its positions; the home page and
  // the OPML list read every row (groups.json) and count from the heads while they answer (from the
  // build's clock on); only everything at once (prepare() without a need, or the lists for a clock
  // behind the build) reads groups.bin, 1.7 MB at 100,000 articles.
  let all: Uint32Array | undefined;
  let allRows = false;
  const rows = new Map<number, AssetGroup>();
  const own = new Map<number, Uint32Array>();
  const loading = new Map<string, Promise<void>>();
  const positionsOf = (n: number, [, , offset, length, , , groupHead]: AssetGroup) =>
    own.get(n) ?? all?.subarray(offset, offset + length) ?? (full ? undefined : groupHead);
  const rowOf = (n: number) => rows.get(n);
  const tags = new GroupTable(manifest.tagSlugs, 0, rowOf, positionsOf);
  const authors = new GroupTable(manifest.authorSlugs, manifest.tagSlugs.length, rowOf, positionsOf);
  const shows = new GroupTable(
    manifest.showSlugs,
    manifest.tagSlugs.length + manifest.authorSlugs.length,
    rowOf,
    positionsOf,
  );
  const load = (key: string, path: string, keep: (response: AssetResponse) => Promise<void>): Promise<void> => {
    let attempt = loading.get(key);
    if (!attempt) {
      attempt = fetchOk(fetchAsset, path).then(keep);
      loading.set(key, attempt);
      attempt.catch(() => loading.delete(key)); // tried again by the next request
    }
    return attempt;
  };
  const positions = async (r: AssetResponse) => new Uint32Array(await r.arrayBuffer());
  const prepare = (need?: Selector | 'lists'): Promise<void> | undefined => {
    const selector = typeof need === 'object';
    if (selector && need.kind === 'all') return undefined;
    if (selector && manifest.groupFiles) {
      const n = (need.kind === 'tag' ? tags : need.kind === 'author' ? authors : shows).number(need.slug);
      if (n === undefined) return undefined;
      // A group with its own record chunks reads its pages by index in the group: the head answers where
      // its visible entries start, so its positions are needed only for a clock behind the build.
      const ready = (row: AssetGroup) =>
        all || own.has(n) || (row[7] === 1 && !full)
          ? undefined
          : load(`positions ${n}`, groupPath(n), async (r) => {
              own.set(n, await positions(r));
            });
      const row = rows.get(n);
      if (row) return ready(row);
      return load(`row ${n}`, groupRowPath(n), async (r) => {
        rows.set(n, (await r.json()) as AssetGroup);
      }).then(() => ready(rows.get(n) as AssetGroup));
    }
    // Counts, names and newest updates come from the heads while they answer (see PositionGroup). Without
    // per-group files, a group's feed reads every row and every position once.
    const steps: Promise<void>[] = [];
    if (!allRows) {
      steps.push(
        load('rows', GROUP_ROWS_PATH, async (r) => {
          const read = (await r.json()) as AssetGroups;
          for (const [n, row] of [...read.tags, ...read.authors, ...read.shows].entries()) rows.set(n, row);
          allRows = true;
        }),
      );
    }
    if (!all && (need === undefined || selector || full)) {
      steps.push(
        load('positions', GROUPS_PATH, async (r) => {
          all = await positions(r);
        }),
      );
    }
    return steps.length > 0 ? Promise.all(steps).then(() => undefined) : undefined;
  };
  // Past the head, every article was visible at the build: below any instant the head answers for.
  const published = full
    ? (i: number) => full.published[i] as number
    : (i: number) => head.published[i] ?? Number.NEGATIVE_INFINITY;
  const newestFrom = full
    ? (group: Group | undefined, first: number) =>
        (group instanceof PositionGroup ? full.newest[count + group.offset + first] : full.newest[first]) ?? 0
    : (group: Group | undefined, first: number) =>
        (group instanceof PositionGroup ? group.newest[first] : head.newest[first]) ?? 0;

  // Insertion-ordered: the oldest entry is evicted first. A promise, so concurrent requests share a fetch.
  const chunks = new Map<string, Promise<Uint8Array>>();
  const chunk = (path: string): Promise<Uint8Array> => {
    const known = chunks.get(path);
    if (known) {
      chunks.delete(path);
      chunks.set(path, known);
      return known;
    }
    const loading = fetchOk(fetchAsset, path)
      .then((r) => r.arrayBuffer())
      .then((b) => new Uint8Array(b));
    loading.catch(() => chunks.delete(path)); // a failed fetch is retried by the next request
    chunks.set(path, loading);
    if (chunks.size > CHUNK_CACHE) chunks.delete(chunks.keys().next().value as string);
    return loading;
  };
  /** The records at these places (chunk path, index in it), each chunk fetched once. */
  const records = async (at: [path: string, index: number][]): Promise<Article[]> => {
    const paths = [...new Set(at.map(([path]) => path))];
    const loaded = new Map(await Promise.all(paths.map(async (path) => [path, await chunk(path)] as const)));
    return at.map(([path, index]) => decodeChunkRecord(loaded.get(path) as Uint8Array, index));
  };
  const articles = (at: number[]): Promise<Article[]> => {
    // A slice past a group's head before its positions were read (PositionGroup): a bug in a route.
    if (at.some((p) => p === undefined)) {
      return Promise.reject(new Error('group positions not read yet: await store.prepare() first'));
    }
    return records(
      at.map((p) => {
        const [n, index] = chunkOf(p, count, chunkSize);
        return [chunkPath(n), index];
      }),
    );
  };
  const groupArticles = (group: Group, from: number, to: number): Promise<Article[]> => {
    const at = Array.from({ length: to - from }, (_, i) => from + i);
    if (!(group instanceof PositionGroup && group.ownRecords)) {
      return articles(at.map((i) => group.positions[i] as number));
    }
    return records(
      at.map((i) => {
        const [k, index] = chunkOf(i, group.size, manifest.groupChunkSize);
        return [groupChunkPath(group.number, k), index];
      }),
    );
  };

  const buckets = new Map<number, Promise<Record<string, number>>>();
  const bySlug = async (slug: string): Promise<Article | undefined> => {
    const n = slugBucket(slug, manifest.slugBuckets);
    let bucket = buckets.get(n);
    if (!bucket) {
      bucket = fetchOk(fetchAsset, slugBucketPath(n)).then((r) => r.json() as Promise<Record<string, number>>);
      bucket.catch(() => buckets.delete(n));
      buckets.set(n, bucket);
    }
    const position = Object.hasOwn(await bucket, slug) ? (await bucket)[slug] : undefined;
    return position === undefined ? undefined : (await articles([position]))[0];
  };

  const versionAt = full
    ? (k: number) => (full.versions.byteLength > 0 ? versionIn(full.versions, k) : manifest.version)
    : (k: number) => head.versions[k] ?? manifest.version;
  const validFrom = full ? Number.NEGATIVE_INFINITY : reach;
  // The media index, read by the first request for a media file (feeds and pages never need it).
  let mediaIndex: Promise<MediaFiles> | undefined;
  const media = async (path: string): Promise<MediaFile | undefined> => {
    if (!mediaIndex) {
      const reading = fetchAsset(MEDIA_PATH).then(async (r) => (r.ok ? ((await r.json()) as MediaFiles) : {}));
      reading.catch(() => {
        mediaIndex = undefined; // tried again by the next request
      });
      mediaIndex = reading;
    }
    const files = await mediaIndex;
    return Object.hasOwn(files, path) ? files[path] : undefined;
  };
  // Old addresses: one bucket per miss, kept (the 404s of a moved site are asked again and again).
  const redirectBuckets = new Map<number, Promise<Redirects>>();
  const redirect = async (key: string): Promise<RedirectTarget | undefined> => {
    if (manifest.redirectBuckets === 0) return undefined;
    const n = slugBucket(key, manifest.redirectBuckets);
    let bucket = redirectBuckets.get(n);
    if (!bucket) {
      bucket = fetchOk(fetchAsset, redirectBucketPath(n)).then((r) => r.json() as Promise<Redirects>);
      bucket.catch(() => redirectBuckets.delete(n));
      redirectBuckets.set(n, bucket);
    }
    const read = await bucket;
    return Object.hasOwn(read, key) ? read[key] : undefined;
  };
  const catalog: Catalog<Promise<Article[]>, Promise<Article | undefined>> = {
    count,
    published,
    tags,
    authors,
    shows,
    media,
    redirect,
    articles,
    groupArticles,
    bySlug,
    newestFrom,
    validFrom,
    versionAt,
  };
  return { ...storeOver(catalog, manifest), prepare, siteUrl: manifest.siteUrl, validFrom };
}

/** dates.bin, newest.bin and versions.bin: what a clock behind the head's reach needs. */
async function readFull(fetchAsset: FetchAsset, count: number) {
  const [dates, newest, versions] = await Promise.all(
    [DATES_PATH, NEWEST_PATH, VERSIONS_PATH].map((path) => fetchOk(fetchAsset, path).then((r) => r.arrayBuffer())),
  );
  return {
    published: new Float64Array(dates as ArrayBuffer, 0, count),
    newest: new Float64Array(newest as ArrayBuffer),
    versions: new Uint8Array(versions as ArrayBuffer),
  };
}

/** The store for a Worker's requests, opened on first use and kept: opened again for a clock behind its
 * reach (storage/assets/format.ts), and tried again after a failed open. */
export function assetStoreOpener(fetchAsset: FetchAsset): (now: number) => Promise<AssetStore> {
  let opening: Promise<AssetStore> | undefined;
  let opened: AssetStore | undefined;
  return (now) => {
    if (!opening || (opened && now < opened.validFrom)) {
      const attempt = openAssetStore(fetchAsset, { from: now });
      opening = attempt;
      opened = undefined;
      attempt.then(
        (store) => {
          if (opening === attempt) opened = store;
        },
        () => {
          if (opening === attempt) opening = undefined;
        },
      );
    }
    return opening;
  };
}
