// Source files -> CompiledStore: parse, validate every file, collect every problem, render bodies.
import {
  type Article,
  type CompiledStore,
  type Enclosure,
  type Episode,
  type MediaFile,
  type MediaFiles,
  type Person,
  type Show,
  type Site,
  type Transcript,
  VERSION_BYTES,
} from '../core/article.ts';
import { markEvaluated } from '../core/evaluated.ts';
import { podcastGuid } from '../core/podcast-guid.ts';
import { oldAddressKey, type Redirects } from '../core/redirects.ts';
import { cleanText } from '../core/text.ts';
import { articleUrl } from '../core/urls.ts';
import { parseContentDate } from './dates.ts';
import { parseYaml, splitFrontmatter } from './frontmatter.ts';
import { absolutize, renderBody } from './markdown.ts';
import { checkFields, type Frontmatter, FrontmatterSchema, type SiteInput, SiteSchema } from './schema.ts';

// The server reports whether it holds the compiler (build/compiled-store.ts compilerLoaded).
markEvaluated('compiler');

/** Source files keyed by their path relative to the content directory ("site.yaml", "articles/a.md"). */
export type Sources = Record<string, string>;

export interface LoadOptions {
  /** Reuse articles compiled by an earlier load of the same site (watch mode); updated in place. */
  memo?: ArticleMemo;
  /** Reuse source digests of an earlier load (watch mode); updated in place. */
  digests?: DigestMemo;
  /** How the content directory is named in messages ("content"). */
  label?: string;
  /** Overrides site.yaml's url (the SITE_URL environment variable). */
  siteUrl?: string;
  /** How article files are compiled (default: one after another on this thread). */
  compile?: ArticleCompiler;
  /** The media files beside the articles (build/media-files.ts): what relative enclosures, images,
   * transcripts and chapters may name. Absent: none. */
  media?: MediaFiles;
}

export interface LoadResult {
  /** Present whenever site.yaml is valid: built from every article that is valid. */
  store?: CompiledStore;
  /** `content/articles/x.md: field: what is wrong`, sorted by file. Empty for a valid store. */
  problems: string[];
  /** How many valid articles are drafts, left out of the store (which keeps no trace of them). */
  drafts: number;
}

// The s flag: a file name may hold a line break, and such a file must be loaded (or refused), not skipped.
const ARTICLE = /^articles\/(.+)\.md$/s;

function loadSite(
  sources: Sources,
  siteUrl: string | undefined,
  problems: string[],
  label: string,
): { site: Site; shows: SiteInput['shows']; redirects: SiteInput['redirects'] } | undefined {
  const text = sources['site.yaml'];
  const where = `${label}/site.yaml`;
  if (text === undefined) {
    problems.push(`${where}: missing (it holds the site title, description, url, language and author)`);
    return undefined;
  }
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    for (const p of parsed.problems) problems.push(`${where}: ${p}`);
    return undefined;
  }
  if (!parsed.data || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    problems.push(`${where}: must be a YAML mapping of field: value (title, description, url, language, author)`);
    return undefined;
  }
  const data = { ...(parsed.data as object) };
  if (siteUrl !== undefined) (data as { url: string }).url = siteUrl;
  const checked = checkFields(SiteSchema, data);
  if (!checked.output) {
    for (const p of checked.problems) problems.push(`${where}: ${p}`);
    return undefined;
  }
  const { shows, redirects, ...s } = checked.output;
  const site: Site = {
    ...s,
    title: cleanText(s.title),
    description: cleanText(s.description),
    url: s.url.endsWith('/') ? s.url : `${s.url}/`,
    // Keys trimmed like the frontmatter names they are looked up by.
    authors: Object.fromEntries(Object.entries(s.authors).map(([name, p]) => [name.trim(), p])),
    // Filled in by loadShows, once the media files are known.
    shows: {},
  };
  return { site, shows, redirects };
}

/** The store's old addresses: site.yaml `redirects` and every article's `aliases`, each once, none
 * leading to another (a chain costs readers a second round trip, a loop never ends). */
function collectRedirects(
  table: SiteInput['redirects'],
  articles: readonly Article[],
  site: Site,
  problems: string[],
  label: string,
): Redirects {
  const redirects: Redirects = {};
  const declared = new Map<string, string>();
  const where = `${label}/site.yaml`;
  const siteOrigin = new URL(site.url).origin;
  for (const [from, to] of Object.entries(table)) {
    const key = oldAddressKey(from) as string;
    if (declared.has(key)) {
      problems.push(`${where}: redirects: "${from}" is the same address as "${declared.get(key)}"`);
      continue;
    }
    declared.set(key, `"${from}" in site.yaml redirects`);
    redirects[key] = to === 'gone' ? { gone: true } : { url: to.startsWith('/') ? `${site.url}${to.slice(1)}` : to };
  }
  for (const article of articles) {
    for (const key of article.aliases ?? []) {
      const known = declared.get(key);
      if (known) {
        problems.push(`${article.source}: aliases: "${key}" is already ${known}`);
        continue;
      }
      declared.set(key, `an alias of ${article.source}`);
      redirects[key] = { slug: article.slug };
    }
  }
  // One hop only: a target on this site must not itself be an old address.
  for (const [from, target] of Object.entries(redirects)) {
    const url = 'url' in target ? new URL(target.url) : undefined;
    if (!url || url.origin !== siteOrigin) continue;
    const next = oldAddressKey(`${url.pathname}${url.search}`);
    if (next !== undefined && Object.hasOwn(redirects, next)) {
      const loop = next === from ? 'back to itself' : `to "${next}", which redirects again`;
      problems.push(`${where}: redirects: "${from}" leads ${loop}; point it at the final address`);
    }
  }
  return redirects;
}

/** Where a URL written in content points: resolved against `base`, and for a relative one the media file
 * beside the articles it names (which must exist). */
type Reference = { url: string; file?: MediaFile } | { problem: string };

function reference(raw: string, base: string, site: Site, media: MediaFiles, label: string): Reference {
  const url = absolutize(raw, base);
  if (url === undefined) return { problem: 'must be an http(s) URL or a path relative to the article' };
  // An absolute URL is the publisher's to keep right: a remote file, or a page of any site.
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw.trim())) return { url };
  const articles = new URL(`${site.url}articles/`);
  const target = new URL(url);
  if (target.origin !== articles.origin || !target.pathname.startsWith(articles.pathname)) {
    return { problem: `"${raw}" leads outside ${label}/articles/ (${url}); put the file there` };
  }
  let key: string;
  try {
    key = decodeURIComponent(target.pathname.slice(articles.pathname.length));
  } catch {
    return { problem: `"${raw}" is not a valid path` };
  }
  const file = media[key];
  if (!file) {
    return {
      problem: `"${raw}" names ${label}/articles/${key}, which does not exist or is not a media file Herald serves`,
    };
  }
  return { url, file };
}

/** The type of a media file as an attribute states it: without the charset the server adds. */
const bareType = (contentType: string) => contentType.split(';')[0]?.trim() ?? contentType;

// A transcript's type by extension, as the podcast namespace names them (the served Content-Type of an
// HTML transcript is text/plain; the feed says what the file holds).
const TRANSCRIPT_TYPES: Record<string, string> = {
  vtt: 'text/vtt',
  srt: 'application/x-subrip',
  json: 'application/json',
  html: 'text/html',
  htm: 'text/html',
  txt: 'text/plain',
};

/** The shows of site.yaml with every URL absolute, the image checked, and each podcast:guid. */
async function loadShows(
  input: SiteInput['shows'],
  site: Site,
  media: MediaFiles,
  problems: string[],
  label: string,
): Promise<Record<string, Show>> {
  const shows: Record<string, Show> = {};
  const where = `${label}/site.yaml`;
  for (const [id, show] of Object.entries(input)) {
    // A show whose image is wrong is still a show: its episodes are not reported as orphans besides.
    const image = reference(show.image, `${site.url}articles/`, site, media, label);
    if ('problem' in image) problems.push(`${where}: shows.${id}.image: ${image.problem}`);
    else if (image.file && !image.file.contentType.startsWith('image/'))
      problems.push(
        `${where}: shows.${id}.image: "${show.image}" is not an image (${bareType(image.file.contentType)})`,
      );
    shows[id] = {
      id,
      title: cleanText(show.title),
      description: cleanText(show.description),
      author: cleanText(show.author),
      owner: { name: cleanText(show.owner.name), email: show.owner.email },
      image: 'url' in image ? image.url : '',
      categories: show.categories,
      explicit: show.explicit,
      type: show.type,
      language: show.language ?? site.language,
      ...(show.funding ? { funding: { url: show.funding.url, text: cleanText(show.funding.text) } } : {}),
      ...(show.locked === undefined ? {} : { locked: show.locked }),
      ...(show.medium ? { medium: show.medium } : {}),
      // Computed from the feed URL unless given: a show that moved here keeps the guid it had.
      guid: show.guid ?? (await podcastGuid(`${site.url}podcasts/${id}/rss.xml`)),
    };
  }
  return shows;
}

// Fields only an episode has: on an article without `show`, a sign of a forgotten `show:`.
const EPISODE_FIELDS = [
  'duration',
  'season',
  'episode',
  'episodeType',
  'explicit',
  'transcript',
  'chapters',
  'persons',
] as const;

/** An article's enclosure, image and episode, every relative URL resolved to a media file that exists,
 * or the problems, `field: what is wrong`. */
function mediaOf(
  fm: Frontmatter,
  page: string,
  site: Site,
  media: MediaFiles,
  label: string,
): { enclosure?: Enclosure; image?: string; episode?: Episode; problems: string[] } {
  const problems: string[] = [];
  const resolve = (field: string, raw: string) => {
    const ref = reference(raw, page, site, media, label);
    if ('problem' in ref) problems.push(`${field}: ${ref.problem}`);
    return 'problem' in ref ? undefined : ref;
  };
  let enclosure: Enclosure | undefined;
  if (fm.enclosure) {
    const ref = resolve('enclosure.url', fm.enclosure.url);
    const { type, length } = fm.enclosure;
    if (ref?.file) {
      // RSS 2.0: length is the size in bytes. Read from the file; a hand-typed one must agree.
      if (length !== undefined && length !== ref.file.size) {
        problems.push(
          `enclosure.length: ${length} is not the size of ${fm.enclosure.url} (${ref.file.size} bytes); leave it out and it is read from the file`,
        );
      }
      // A type given wins (Apple's feeds say audio/x-m4a for .m4a, which is served as audio/mp4).
      enclosure = { url: ref.url, type: type ?? bareType(ref.file.contentType), length: ref.file.size };
    } else if (ref) {
      if (type === undefined) problems.push('enclosure.type: is required for a remote file, such as audio/mpeg');
      if (length === undefined) problems.push('enclosure.length: is required for a remote file: its size in bytes');
      if (type !== undefined && length !== undefined) enclosure = { url: ref.url, type, length };
    }
  }
  const image = fm.image ? resolve('image', fm.image) : undefined;
  if (image?.file && !image.file.contentType.startsWith('image/'))
    problems.push(`image: "${fm.image}" is not an image (${bareType(image.file.contentType)})`);
  if (fm.show === undefined) {
    for (const field of EPISODE_FIELDS) {
      if (fm[field] !== undefined)
        problems.push(`${field}: only an episode has it; add show: with a show id of site.yaml`);
    }
    return { ...(enclosure ? { enclosure } : {}), ...(image ? { image: image.url } : {}), problems };
  }
  if (!site.shows[fm.show]) {
    const ids = Object.keys(site.shows);
    problems.push(
      `show: "${fm.show}" is not a show of site.yaml (${ids.length > 0 ? `its shows are ${ids.join(', ')}` : 'it declares no shows'})`,
    );
  }
  if (!fm.enclosure)
    problems.push('enclosure: an episode needs its audio or video file, such as { url: ./episode.mp3 }');
  const transcripts: Transcript[] = [];
  const listed = fm.transcript === undefined ? [] : Array.isArray(fm.transcript) ? fm.transcript : [fm.transcript];
  listed.forEach((t, i) => {
    const field = Array.isArray(fm.transcript) ? `transcript.${i}` : 'transcript';
    const ref = resolve(`${field}.url`, t.url);
    if (!ref) return;
    const extension = ref.file ? (t.url.split('.').pop()?.toLowerCase() ?? '') : '';
    const type = t.type ?? TRANSCRIPT_TYPES[extension];
    if (!type) {
      problems.push(
        `${field}.type: is required${ref.file ? ' for this kind of file' : ' for a remote file'}, such as text/vtt`,
      );
      return;
    }
    transcripts.push({
      url: ref.url,
      type,
      ...(t.language ? { language: t.language } : {}),
      ...(t.rel ? { rel: t.rel } : {}),
    });
  });
  const chapters = fm.chapters ? resolve('chapters', fm.chapters) : undefined;
  const persons = (fm.persons ?? []).map((p, i) => {
    const img = p.img ? resolve(`persons.${i}.img`, p.img) : undefined;
    return {
      name: cleanText(p.name),
      ...(p.role ? { role: p.role } : {}),
      ...(p.group ? { group: p.group } : {}),
      ...(p.href ? { href: p.href } : {}),
      ...(img ? { img: img.url } : {}),
    };
  });
  const episode: Episode = {
    show: fm.show,
    ...(fm.duration === undefined ? {} : { duration: fm.duration }),
    ...(fm.season === undefined ? {} : { season: fm.season }),
    ...(fm.episode === undefined ? {} : { episode: fm.episode }),
    episodeType: fm.episodeType ?? 'full',
    ...(fm.explicit === undefined ? {} : { explicit: fm.explicit }),
    transcripts,
    ...(chapters ? { chapters: chapters.url } : {}),
    persons,
  };
  return { ...(enclosure ? { enclosure } : {}), ...(image ? { image: image.url } : {}), episode, problems };
}

function resolveAuthors(names: string | string[] | undefined, site: Site): Person[] {
  if (names === undefined) return [site.author];
  return (Array.isArray(names) ? names : [names]).map((raw) => {
    const name = cleanText(raw);
    if (name === site.author.name) return site.author;
    const known = site.authors[name];
    return {
      name,
      ...(known?.email ? { email: known.email } : {}),
      ...(known?.url ? { url: known.url } : {}),
    };
  });
}

function loadArticle(
  path: string,
  slug: string,
  text: string,
  site: Site,
  problems: string[],
  label: string,
  media: MediaFiles,
) {
  const where = `${label}/${path}`;
  const split = splitFrontmatter(text);
  if (!split.ok) {
    for (const p of split.problems) problems.push(`${where}: ${p}`);
    return undefined;
  }
  const checked = checkFields(FrontmatterSchema, split.data);
  const own: string[] = [...checked.problems];
  const data = split.data as Record<string, unknown>;
  const date = 'date' in data ? parseContentDate(data.date, site.timezone) : undefined;
  if (!date) own.push('date: is required');
  else if (!date.ok) own.push(`date: ${date.problem}`);
  const updated = data.updated === undefined ? undefined : parseContentDate(data.updated, site.timezone);
  if (updated && !updated.ok) own.push(`updated: ${updated.problem}`);
  if (date?.ok && updated?.ok && updated.ms < date.ms) own.push('updated: is earlier than date');
  if (!checked.output || own.length > 0 || !date?.ok) {
    for (const p of [...new Set(own)]) problems.push(`${where}: ${p}`);
    return undefined;
  }
  const fm = checked.output;
  if (fm.draft) return null;
  const page = articleUrl(site.url, slug);
  const files = mediaOf(fm, page, site, media, label);
  if (files.problems.length > 0) {
    for (const p of files.problems) problems.push(`${where}: ${p}`);
    return undefined;
  }
  const aliases = [...new Set(fm.aliases.map((alias) => oldAddressKey(alias) as string))];
  const address = new URL(page).pathname;
  if (aliases.some((key) => key === oldAddressKey(address))) {
    problems.push(`${where}: aliases: "${address}" is the article's own address`);
    return undefined;
  }
  const body = renderBody(cleanText(split.body), fm.format, page);
  const derivedId = page;
  const article: Article = {
    slug,
    source: where,
    id: fm.id ?? derivedId,
    title: cleanText(fm.title),
    published: date.ms,
    updated: updated?.ok ? updated.ms : date.ms,
    summary: cleanText(fm.summary ?? body.lead),
    html: body.html,
    authors: resolveAuthors(fm.author, site),
    tags: [...new Set(fm.tags.map(cleanText))],
    link: fm.url ?? page,
    external: fm.url !== undefined,
    ...(files.image ? { image: files.image } : {}),
    ...(files.enclosure ? { enclosure: files.enclosure } : {}),
    ...(files.episode ? { episode: files.episode } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
  };
  return article;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a slug cannot be an article URL: URL parsers resolve "." and ".." segments away (the link
 * would open another page), and a lone surrogate cannot be percent-encoded at all. */
function slugProblem(slug: string): string | undefined {
  if (slug.split('/').some((segment) => segment === '.' || segment === '..')) {
    return `"${slug}" has a "." or ".." segment, which URLs resolve away; rename the file`;
  }
  if (LONE_SURROGATE.test(slug)) return 'the file name is not valid Unicode; rename the file';
  // Routes match a slug with ".", which stops at line terminators: the page would never be found.
  if (/[\n\r\u2028\u2029]/.test(slug)) return 'the file name holds a line break; rename the file';
  return undefined;
}

export function compareArticles(a: Article, b: Article): number {
  return b.published - a.published || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

const hex = (bytes: ArrayBuffer, length: number) =>
  [...new Uint8Array(bytes, 0, length / 2)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Per-file digests of an earlier load, so a reload hashes only the files whose text changed. */
export type DigestMemo = Map<string, { text: string; digest: Uint8Array }>;

/** The SHA-256 of one source file, its path included ("path\0text"): what storeVersion combines. */
export async function sourceDigest(path: string, text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${path}\u0000${text}`)));
}

/** The store's version: a digest over every source file's own digest (sourceDigest, in path order) and
 * the effective site URL. The per-file digests hold their paths, so what is hashed last is 32 bytes a
 * file: a reload of 10,000 articles re-hashes the changed file and 320 KB, not a 1 MB text of paths and
 * hex digests built again (the edit-to-served target, docs/performance.md). */
export async function storeVersion(sources: Sources, siteUrl?: string, memo?: DigestMemo): Promise<string> {
  const paths = Object.keys(sources).sort();
  const site = new TextEncoder().encode(`${siteUrl ?? ''}\u0000`);
  const list = new Uint8Array(site.byteLength + 32 * paths.length);
  list.set(site);
  const pending: Promise<void>[] = [];
  paths.forEach((path, i) => {
    const text = sources[path] as string;
    const at = site.byteLength + 32 * i;
    const known = memo?.get(path);
    // Only a changed file costs a promise: 10,000 of them were a good part of a reload.
    if (known && known.text === text) list.set(known.digest, at);
    else
      pending.push(
        sourceDigest(path, text).then((digest) => {
          memo?.set(path, { text, digest });
          list.set(digest, at);
        }),
      );
  });
  await Promise.all(pending);
  if (memo) for (const path of memo.keys()) if (!(path in sources)) memo.delete(path);
  return hex(await crypto.subtle.digest('SHA-256', list), 24);
}

/**
 * The versions of the site as readers see it, for every number of articles still scheduled: entry k is
 * made of site.yaml, the media files (served to anyone who asks, and an enclosure's length and digest
 * are in the feeds) and the articles from position k on (the visible ones when the first k are
 * scheduled), never of a draft or a scheduled article, so /healthz reveals nothing about them. Each
 * entry is the XOR of those files' digests (each is a SHA-256 of its path and text, so two files never
 * cancel out), computed from the oldest: one pass, and any k is one lookup.
 */
function visibleVersions(
  articles: readonly Article[],
  digests: DigestMemo,
  label: string,
  siteUrl: string,
  media: Uint8Array | undefined,
): Uint8Array {
  const out = new Uint8Array(VERSION_BYTES * (articles.length + 1));
  const site = digests.get('site.yaml')?.digest;
  const last = articles.length * VERSION_BYTES;
  for (let b = 0; b < VERSION_BYTES; b++) out[last + b] = (site?.[b] ?? 0) ^ (media?.[b] ?? 0);
  // The site URL in use (SITE_URL) changes every link: the last bytes take it in, as storeVersion does.
  for (let i = 0; i < siteUrl.length; i++) {
    const at = last + (i % VERSION_BYTES);
    out[at] = (out[at] as number) ^ (siteUrl.charCodeAt(i) & 0xff);
  }
  const prefix = `${label}/`;
  for (let k = articles.length - 1; k >= 0; k--) {
    const path = (articles[k] as Article).source.slice(prefix.length);
    const digest = digests.get(path)?.digest;
    const at = k * VERSION_BYTES;
    for (let b = 0; b < VERSION_BYTES; b++) out[at + b] = (out[at + VERSION_BYTES + b] as number) ^ (digest?.[b] ?? 0);
  }
  return out;
}

/** Compiled articles of an earlier load, by path: a reload recompiles only files whose text changed.
 * `slug` and `folded` (lower case) are the path's, which passed slugProblem when it was compiled. */
export type ArticleMemo = Map<
  string,
  {
    siteKey: string;
    text: string;
    slug: string;
    folded: string;
    article: Article | null | undefined;
    problems: string[];
  }
>;

/** One article file to compile: its path under the content directory, slug and text. */
export interface ArticleJob {
  path: string;
  slug: string;
  text: string;
}

/** What one article file compiles to: the article, null for a draft, undefined when it has problems. */
export interface CompiledArticle {
  article: Article | null | undefined;
  /** This file's own problems, `content/articles/x.md: field: problem`. */
  problems: string[];
}

/** What every article of a load is compiled with besides its own text: plain data, sent as it is to
 * the compile pool's threads. */
export interface CompileContext {
  site: Site;
  /** How the content directory is named in messages. */
  label: string;
  media: MediaFiles;
}

/** Compiles a batch of article files with the same context; results in job order. loadStore's default
 * runs compileArticle on each in turn; Node's build spreads them over threads (build/compile-pool.ts). */
export type ArticleCompiler = (jobs: ArticleJob[], context: CompileContext) => Promise<CompiledArticle[]>;

/** Compile one article file: depends on nothing but its arguments, so any thread can run it. */
export function compileArticle(job: ArticleJob, { site, label, media }: CompileContext): CompiledArticle {
  const problems: string[] = [];
  const article = loadArticle(job.path, job.slug, job.text, site, problems, label, media);
  return { article, problems };
}

/** Fresh articles as objects made on this thread, with one string per distinct tag or author name.
 * Articles from worker threads arrive as structured clones: V8 reads their fields more slowly than those
 * of objects built here, and each mention of a tag is its own string to hash and compare. With copies
 * made here, indexing the groups of 10,000 articles (store.ts) takes ~15 ms of every reload instead of
 * ~20, and a reload as a whole ~10 ms less (the edit-to-served target, docs/performance.md). */
function localCopies(): (article: Article) => Article {
  const names = new Map<string, string>();
  const share = (name: string) => {
    const known = names.get(name);
    if (known !== undefined) return known;
    names.set(name, name);
    return name;
  };
  return (article) => ({
    ...article,
    tags: article.tags.map(share),
    authors: article.authors.map((person) => ({ ...person, name: share(person.name) })),
  });
}

const compileInTurn: ArticleCompiler = async (jobs, context) => jobs.map((job) => compileArticle(job, context));

export async function loadStore(sources: Sources, options: LoadOptions = {}): Promise<LoadResult> {
  const label = options.label ?? 'content';
  const problems: string[] = [];
  const loaded = loadSite(sources, options.siteUrl, problems, label);
  const paths = Object.keys(sources).sort();
  if (!loaded) return { problems, drafts: 0 };
  const media = options.media ?? {};
  const site = loaded.site;
  site.shows = await loadShows(loaded.shows, site, media, problems, label);
  // The media files as articles see them (path, size, type), in a line: part of what every article is
  // compiled with, and of the store's version.
  const mediaKey = Object.entries(media)
    .map(([path, file]) => `${path}\u0000${file.size}\u0000${file.contentType}\u0000${file.etag}`)
    .join('\u0000');
  // Everything an article's compilation depends on besides its own text. The memo's own string when it
  // is the same, so that each file's check below compares two references, not two copies of site.yaml.
  const fresh = `${label}\u0000${options.siteUrl ?? ''}\u0000${sources['site.yaml']}\u0000${mediaKey}`;
  const remembered = options.memo?.values().next().value?.siteKey;
  const siteKey = remembered === fresh ? remembered : fresh;
  // Folded slug -> path of the file that has it.
  const slugs = new Map<string, string>();
  // Article files in path order, and what each compiled to (memo) or undefined (compiled below).
  const files: string[] = [];
  const reused: (CompiledArticle | undefined)[] = [];
  const jobs: ArticleJob[] = [];
  // A reload of 10,000 articles runs this loop over every file for the sake of one: a file the memo knows
  // skips the slug's checks (a path's own), and nothing here builds a string (the edit-to-served target).
  for (const path of paths) {
    let known = options.memo?.get(path);
    let slug: string;
    let folded: string;
    if (known) ({ slug, folded } = known);
    else {
      const match = ARTICLE.exec(path);
      if (!match?.[1]) continue;
      slug = match[1];
      const unusable = slugProblem(slug);
      if (unusable) {
        problems.push(`${label}/${path}: slug: ${unusable}`);
        continue;
      }
      folded = slug.toLowerCase();
    }
    const clash = slugs.get(folded);
    if (clash !== undefined) {
      problems.push(
        `${label}/${path}: slug: "${slug}" differs only in case from ${label}/${clash}; URLs would collide`,
      );
      continue;
    }
    slugs.set(folded, path);
    const text = sources[path] as string;
    if (known && (known.text !== text || known.siteKey !== siteKey)) known = undefined;
    files.push(path);
    reused.push(known);
    if (!known) jobs.push({ path, slug, text });
  }
  const compiled = jobs.length > 0 ? await (options.compile ?? compileInTurn)(jobs, { site, label, media }) : [];
  const copy = localCopies();
  for (const result of compiled) if (result.article) result.article = copy(result.article);
  let next = 0;
  const articles: Article[] = [];
  const ids = new Map<string, string>();
  let drafts = 0;
  files.forEach((path, i) => {
    let result = reused[i];
    if (!result) {
      const job = jobs[next] as ArticleJob;
      result = compiled[next++] as CompiledArticle;
      options.memo?.set(path, { siteKey, text: job.text, slug: job.slug, folded: job.slug.toLowerCase(), ...result });
    }
    if (result.problems.length > 0) problems.push(...result.problems);
    const article = result.article;
    if (article === null) drafts++;
    if (!article) return;
    const other = ids.get(article.id);
    if (other) {
      problems.push(`${label}/${path}: id: "${article.id}" is already the id of ${other}`);
      return;
    }
    ids.set(article.id, article.source);
    articles.push(article);
  });
  articles.sort(compareArticles);
  const redirects = collectRedirects(loaded.redirects, articles, site, problems, label);
  if (options.memo) for (const path of options.memo.keys()) if (!(path in sources)) options.memo.delete(path);
  const digests = options.digests ?? new Map();
  const version = await storeVersion(sources, `${options.siteUrl ?? ''}\u0000${mediaKey}`, digests);
  const mediaDigest =
    mediaKey === ''
      ? undefined
      : new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`media\u0000${mediaKey}`)));
  return {
    store: {
      format: 1,
      version,
      site,
      articles,
      visibleVersions: visibleVersions(articles, digests, label, `${options.siteUrl ?? ''}`, mediaDigest),
      ...(Object.keys(media).length > 0 ? { media } : {}),
      ...(Object.keys(redirects).length > 0 ? { redirects } : {}),
    },
    problems: problems.sort(),
    drafts,
  };
}
