// Node only: a WordPress site moved into a Herald content folder in one go. The posts become article files
// (with their old addresses as `aliases`), the files they use are copied from a copy of
// wp-content/uploads beside them, and site.yaml gets the site, its authors, a podcast show when asked, and
// the redirects of the old category, tag and author feeds. What happened is returned as a report
// (migration-report.ts prints it).
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  type Stats,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isServableMediaPath } from '../core/media-types.ts';
import { serializeArticle } from './article-file.ts';
import { mergeSiteYaml, siteAdditions, siteProblems } from './site-yaml.ts';
import { copyUpload, openUploads, type UploadsFolder } from './uploads-copy.ts';
import { describePost, type ImportedPost, importWordPress } from './wordpress.ts';
import { BUILT_IN_WORDPRESS_FEEDS, basePath, feedRedirects } from './wp-addresses.ts';
import { createUploadsMatcher, rewriteHtmlUrls } from './wp-uploads.ts';
import { existsInside, writeArticle } from './write-article.ts';

export interface MigrationOptions {
  /** The export's file name, for messages. */
  exportFile: string;
  contentDir: string;
  /** Replace article files (and media beside them) that exist. site.yaml is merged either way. */
  force: boolean;
  timeZone?: string;
  /** A show id: posts with an audio or video enclosure become its episodes. */
  show?: string;
  /** A copy of wp-content/uploads. */
  uploads?: string;
}

export interface MigrationHooks {
  /** After each post, in export order (written, skipped as existing, or refused). */
  onArticle?: (article: ArticleReport, done: number, total: number) => void;
  /** Before the first post: how many there are, and the messages naming posts refused as malformed. */
  onStart?: (total: number, refused: readonly string[]) => void;
}

export interface MediaReport {
  /** Copied beside the article; `file` is the link the article now has. */
  copied: { url: string; file: string; note?: string }[];
  /** Not in the uploads folder: the article keeps the original URL. */
  missing: { url: string; reason: string }[];
  /** Found (or named) but not copied: a link out of the folder, a file Herald does not serve, a file in
   * the way. The article keeps the original URL. */
  notCopied: { url: string; reason: string }[];
}

export interface ArticleReport {
  postId: string;
  title: string;
  /** Under the content folder: "articles/2018/x.md". */
  path: string;
  outcome: 'written' | 'exists' | 'refused';
  /** Why it was refused. */
  message?: string;
  aliases: string[];
  show?: string;
  dateAssumed?: string;
  notes: string[];
  media: MediaReport;
}

export interface MigrationReport {
  export: string;
  content: string;
  posts: {
    imported: number;
    skipped: Record<string, number>;
    notPosts: Record<string, number>;
    /** Messages naming each malformed post that was not imported. */
    refused: string[];
    datesAssumed: number;
  };
  articles: ArticleReport[];
  aliases: { written: number };
  redirects: {
    /** Every old feed address that redirects after this run (added now or there before), to its target. */
    feeds: Record<string, string>;
    /** Added to site.yaml by this run. */
    written: Record<string, string>;
    /** Already in site.yaml with the same target. */
    present: string[];
    /** In site.yaml with another target, which was kept. */
    conflicting: { from: string; kept: string; wanted: string }[];
    /** Answered by Herald itself, whatever site.yaml says. */
    builtIn: Record<string, string>;
  };
  episodes: { show?: string; count: number; detailsLeftOut: number };
  /** Counts of links (copied, missing, notCopied) and of files copied. */
  media: { uploads?: string; files: number; copied: number; missing: number; notCopied: number };
  siteYaml: {
    path: string;
    /** 'skipped': no article of the export is in the store, so the site was left alone. */
    action: 'created' | 'merged' | 'unchanged' | 'not-written' | 'skipped';
    added: { site: string[]; authors: string[]; show?: string; redirects: number };
    problem?: string;
    /** What `herald check` says of site.yaml now: what the publisher must fill in or fix. */
    fillIn: string[];
  };
}

export function migrateWordPress(xml: string, options: MigrationOptions, hooks: MigrationHooks = {}): MigrationReport {
  const { contentDir, force } = options;
  const imported = importWordPress(xml, {
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.show ? { show: options.show } : {}),
  });
  const articlesDir = join(contentDir, 'articles');
  const uploads = options.uploads ? openUploads(options.uploads) : undefined;
  const matcher = createUploadsMatcher([imported.channel.siteUrl, imported.channel.link]);
  const report: MigrationReport = {
    export: options.exportFile,
    content: contentDir,
    posts: {
      imported: 0,
      skipped: { ...imported.skipped },
      notPosts: imported.notPosts,
      refused: imported.refused.map((r) => `${options.exportFile}: ${r.message}`),
      datesAssumed: 0,
    },
    articles: [],
    aliases: { written: 0 },
    redirects: { feeds: {}, written: {}, present: [], conflicting: [], builtIn: { ...BUILT_IN_WORDPRESS_FEEDS } },
    episodes: {
      ...(options.show ? { show: options.show } : {}),
      count: 0,
      detailsLeftOut: imported.episodeDetailsLeftOut,
    },
    media: { ...(options.uploads ? { uploads: options.uploads } : {}), files: 0, copied: 0, missing: 0, notCopied: 0 },
    siteYaml: {
      path: join(contentDir, 'site.yaml'),
      action: 'unchanged',
      added: { site: [], authors: [], redirects: 0 },
      fillIn: [],
    },
  };

  // An old address answers for one thing only (herald check refuses it twice): the first post that
  // claims it keeps it, and one the publisher already redirects in site.yaml stays theirs.
  const claimed = new Set<string>();
  const redirected = existingRedirects(report.siteYaml.path);
  hooks.onStart?.(imported.articles.length, [...report.posts.refused]);
  for (const [i, article] of imported.articles.entries()) {
    const aliases: string[] = [];
    for (const alias of article.fields.aliases ?? []) {
      if (claimed.has(alias)) article.notes.push(`alias ${alias} is another post's already; left out`);
      else if (redirected.has(addressKey(alias)))
        article.notes.push(`alias ${alias} is a redirect of site.yaml; left out`);
      else aliases.push(alias);
      claimed.add(alias);
    }
    article.fields.aliases = aliases;
    const entry: ArticleReport = {
      postId: article.postId,
      title: article.title,
      path: `articles/${article.path}`,
      outcome: 'written',
      aliases,
      ...(article.fields.show ? { show: article.fields.show } : {}),
      ...(article.dateAssumed ? { dateAssumed: article.dateAssumed } : {}),
      notes: article.notes,
      media: { copied: [], missing: [], notCopied: [] },
    };
    report.articles.push(entry);
    // A file that is there is kept (without --force), and so are the files beside it.
    if (!force && existsInside(articlesDir, article.path)) {
      entry.outcome = 'exists';
    } else {
      let fields = article.fields;
      let html = article.html;
      if (uploads) ({ fields, html } = copyMedia(article, uploads, matcher, articlesDir, force, entry.media));
      const outcome = writeArticle(articlesDir, article.path, serializeArticle(fields, html), force);
      if (outcome === 'exists') entry.outcome = 'exists';
      else if (outcome !== true) {
        entry.outcome = 'refused';
        entry.message = `${options.exportFile}: ${describePost(article.title, article.postId)}: not written: ${outcome.refused}`;
      }
    }
    if (entry.outcome === 'exists') report.posts.skipped.exists = (report.posts.skipped.exists ?? 0) + 1;
    if (entry.outcome === 'refused') {
      report.posts.skipped['outside-articles'] = (report.posts.skipped['outside-articles'] ?? 0) + 1;
      report.posts.refused.push(entry.message as string);
    }
    if (entry.outcome === 'written') {
      report.posts.imported++;
      report.aliases.written += aliases.length;
      if (entry.show) report.episodes.count++;
      if (entry.dateAssumed) report.posts.datesAssumed++;
    }
    report.media.files += new Set(entry.media.copied.map((m) => m.file)).size;
    report.media.copied += entry.media.copied.length;
    report.media.missing += entry.media.missing.length;
    report.media.notCopied += entry.media.notCopied.length;
    hooks.onArticle?.(entry, i + 1, imported.articles.length);
  }

  const redirects = feedRedirects({
    base: basePath(imported.channel.link),
    terms: imported.channel.terms,
    usedTerms: imported.usedTerms,
    usedAuthors: imported.usedAuthors,
    ...(options.show && imported.episodes > 0 ? { show: options.show } : {}),
  });
  // An export none of whose posts made it (all refused, or none at all) says nothing worth a site.yaml.
  if (report.articles.some((a) => a.outcome !== 'refused')) {
    writeSite(report, siteAdditions(imported, redirects, options.show), options);
  } else report.siteYaml.action = 'skipped';
  return report;
}

/** The old addresses site.yaml redirects already (compared as addressKey), or none when it cannot be read. */
function existingRedirects(file: string): Set<string> {
  const keys = new Set<string>();
  try {
    if (!lstatSync(file, { throwIfNoEntry: false })?.isFile()) return keys;
    const redirects = (parse(readFileSync(file, 'utf8')) as { redirects?: unknown } | null)?.redirects;
    if (redirects && typeof redirects === 'object') for (const key of Object.keys(redirects)) keys.add(addressKey(key));
  } catch {
    // A site.yaml that does not parse is reported when it is merged.
  }
  return keys;
}

/** An address as the server matches it, near enough: without surrounding spaces or a trailing slash. */
function addressKey(address: string): string {
  const trimmed = address.trim();
  const query = trimmed.indexOf('?');
  const path = query < 0 ? trimmed : trimmed.slice(0, query);
  const rest = query < 0 ? '' : trimmed.slice(query);
  return `${path.length > 1 ? path.replace(/\/$/, '') : path}${rest}`;
}

/** Copies the uploads `article` uses beside it, and returns its fields and HTML with those links made
 * relative ("./<slug>/<file>"); everything else keeps its URL and is listed in `media`. */
function copyMedia(
  article: ImportedPost,
  uploads: UploadsFolder,
  matcher: ReturnType<typeof createUploadsMatcher>,
  articlesDir: string,
  force: boolean,
  media: MediaReport,
): { fields: ImportedPost['fields']; html: string } {
  // Files go in a folder named like the article, beside it: articles/2018/x.md links ./x/photo.jpg, as
  // the article's URL (/articles/2018/x) resolves it, and no two articles share a folder.
  const stem = article.path.slice(0, -'.md'.length);
  const slug = stem.slice(stem.lastIndexOf('/') + 1);
  const links = new Map<string, string | undefined>();
  const bySource = new Map<string, string>();
  const names = new Set<string>();
  const link = (url: string): string | undefined => {
    if (links.has(url)) return links.get(url);
    const result = place(url);
    links.set(url, result);
    return result;
  };
  const place = (url: string): string | undefined => {
    const match = matcher(url);
    if (match === undefined) return undefined;
    if ('refused' in match) {
      media.notCopied.push({ url, reason: match.refused });
      return undefined;
    }
    const found = uploads.locate(match.path);
    if ('missing' in found) {
      media.missing.push({ url, reason: found.missing });
      return undefined;
    }
    if ('refused' in found) {
      media.notCopied.push({ url, reason: found.refused });
      return undefined;
    }
    let name = bySource.get(found.file);
    if (name === undefined) {
      name = uniqueName(found.path.slice(found.path.lastIndexOf('/') + 1), names);
      if (!isServableMediaPath(`${slug}/${name}`)) {
        media.notCopied.push({ url, reason: `${found.path}: not a kind of file Herald serves` });
        return undefined;
      }
      const copied = copyUpload(found.file, articlesDir, `${stem}/${name}`, force);
      if (copied === 'exists') {
        media.notCopied.push({
          url,
          reason: `articles/${stem}/${name} exists and differs; kept (--force replaces it)`,
        });
        return undefined;
      }
      if (copied !== true && copied !== 'same') {
        media.notCopied.push({ url, reason: copied.refused });
        return undefined;
      }
      names.add(name);
      bySource.set(found.file, name);
    }
    const file = `./${encodeURIComponent(slug)}/${encodeURIComponent(name)}`;
    media.copied.push({
      url,
      file,
      ...(found.path !== match.path ? { note: `${match.path} is not in the uploads folder; used ${found.path}` } : {}),
    });
    return file;
  };

  const html = rewriteHtmlUrls(article.html, link);
  const fields = { ...article.fields };
  if (fields.image) fields.image = link(fields.image) ?? fields.image;
  if (fields.enclosure) {
    const local = link(fields.enclosure.url);
    // The loader reads a local file's type and size from the file itself.
    if (local) fields.enclosure = { url: local };
  }
  return { fields, html };
}

/** `name`, or name-2.ext, name-3.ext... when another file of the article has it. */
function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}${ext}`)) return `${stem}-${n}${ext}`;
}

function writeSite(report: MigrationReport, additions: ReturnType<typeof siteAdditions>, options: MigrationOptions) {
  const target = report.siteYaml.path;
  const stat = lstatSync(target, { throwIfNoEntry: false });
  const site = report.siteYaml;
  if (stat && !stat.isFile()) {
    site.action = 'not-written';
    site.problem = `${target} is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a file'}; it was not changed`;
    return;
  }
  const existing = stat ? readFileSync(target, 'utf8') : undefined;
  const header = ` Site settings (docs/writing.md, "Site settings"), written by \`herald import wordpress\` from ${options.exportFile}.`;
  const merged = mergeSiteYaml(existing, additions, header);
  if (merged.problem) {
    site.action = 'not-written';
    site.problem = `${target}: ${merged.problem}`;
    site.fillIn = existing === undefined ? [] : siteProblems(existing);
    return;
  }
  site.added = {
    site: existing === undefined ? [] : merged.added.site,
    authors: merged.added.authors,
    ...(merged.added.show ? { show: merged.added.show } : {}),
    redirects: merged.added.redirects.length,
  };
  report.redirects.written = Object.fromEntries(merged.added.redirects);
  report.redirects.feeds = Object.fromEntries(
    additions.redirects.filter(([from]) => from in report.redirects.written || merged.present.includes(from)),
  );
  report.redirects.present = merged.present;
  report.redirects.conflicting = merged.conflicting;
  if (merged.text === undefined) {
    site.fillIn = siteProblems(existing ?? '');
    return;
  }
  if (existing === undefined) {
    mkdirSync(options.contentDir, { recursive: true });
    // O_EXCL with O_NOFOLLOW: a file or link that appeared since the check above is never written through.
    const fd = openSync(
      target,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o666,
    );
    try {
      writeFileSync(fd, merged.text, 'utf8');
    } finally {
      closeSync(fd);
    }
    site.action = 'created';
  } else {
    // Written beside and renamed over: a reader (a running dev server) never sees half a file.
    const temporary = join(options.contentDir, `.site.yaml.${process.pid}.tmp`);
    writeFileSync(temporary, merged.text, { encoding: 'utf8', flag: 'wx', mode: (stat as Stats).mode & 0o777 });
    renameSync(temporary, target);
    site.action = 'merged';
  }
  site.fillIn = siteProblems(merged.text);
}
