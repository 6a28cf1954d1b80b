// Node only: read content/ into { "site.yaml": text, "articles/x.md": text }, list it cheaply, or name
// the files under articles/ that are not read.
import { closeSync, type Dirent, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MediaFiles } from '../core/article.ts';
import { isServableMediaPath } from '../core/media-types.ts';
import { mediaFiles } from './media-files.ts';

/** One entry of a folder under content/articles/: where it is, and its path relative to the content
 * directory ("articles/2024/x.md"). */
interface Entry {
  entry: Dirent;
  /** On disk. */
  file: string;
  path: string;
  /** The names in its folder. */
  siblings: ReadonlySet<string>;
}

/** Every entry under content/articles/, folders before what they hold; a missing articles/ lists nothing.
 * Synchronous on purpose: 100,000 entries through promises cost several times more. */
function* articleEntries(contentDir: string): Generator<Entry> {
  const pending: [string, string][] = [[join(contentDir, 'articles'), 'articles']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [dir, rel] = next;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const siblings = new Set(entries.map((e) => e.name));
    for (const entry of entries) {
      const file = join(dir, entry.name);
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) pending.push([file, path]);
      yield { entry, file, path, siblings };
    }
  }
}

const isArticle = (e: Dirent) => e.isFile() && e.name.endsWith('.md');

/** Whether `path` (relative to the content directory) is a media file Herald serves: a file under
 * articles/ of an allowed type (core/media-types.ts). */
export const isMediaPath = (path: string) =>
  path.startsWith('articles/') && isServableMediaPath(path.slice('articles/'.length)) !== undefined;

/** A file loading reads or serves: an article, a media file beside the articles (symbolic links are
 * neither, so none is followed out of the folder). */
const isListed = (e: Dirent, path: string) => e.isFile() && (e.name.endsWith('.md') || isMediaPath(path));

export async function readSources(contentDir: string): Promise<Record<string, string>> {
  // Synchronous reads on purpose: one promise and file handle per file cost 10,000 small articles
  // about five times the CPU of readFileSync, and nothing else runs while a store is read.
  const sources: Record<string, string> = {};
  try {
    sources['site.yaml'] = readFileSync(join(contentDir, 'site.yaml'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const { entry, file, path } of articleEntries(contentDir)) {
    if (isArticle(entry)) sources[path] = readFileSync(file, 'utf8');
  }
  return sources;
}

/** The sources and the media files of `contentDir`: what loadStore takes (content/load.ts). */
export async function readContent(contentDir: string): Promise<{ sources: Record<string, string>; media: MediaFiles }> {
  return { sources: await readSources(contentDir), media: mediaFiles(contentDir, statMedia(contentDir)) };
}

/** Path -> [size, mtime] of every source file and media file: enough to tell an unchanged store without
 * reading it. */
export type SourceManifest = Record<string, [number, number]>;

export async function statSources(contentDir: string): Promise<SourceManifest> {
  // Synchronous calls on purpose: 100,000 stats through promises cost several times more, and this
  // runs once at start before the server listens.
  const manifest: SourceManifest = {};
  for (const { entry, file, path } of articleEntries(contentDir)) {
    if (!isListed(entry, path)) continue;
    const st = statSync(file);
    manifest[path] = [st.size, Math.round(st.mtimeMs)];
  }
  const site = statSync(join(contentDir, 'site.yaml'), { throwIfNoEntry: false });
  if (site) manifest['site.yaml'] = [site.size, Math.round(site.mtimeMs)];
  return manifest;
}

/** The media files of statSources alone, for a load that reads the sources without a manifest. */
export function statMedia(contentDir: string): SourceManifest {
  const media: SourceManifest = {};
  for (const { entry, file, path } of articleEntries(contentDir)) {
    if (!entry.isFile() || !isMediaPath(path)) continue;
    const st = statSync(file);
    media[path] = [st.size, Math.round(st.mtimeMs)];
  }
  return media;
}

/** A file under articles/ that looks like an article but is not read as one, and why. */
export interface IgnoredFile {
  /** Relative to the content directory: "articles/2024/x.markdown". */
  path: string;
  /** What to do about it: "not read: only files ending in .md are articles; rename it to x.md". */
  reason: string;
}

// Extensions Markdown editors save under besides .md, in any case (".MD" included): never read.
const MARKDOWN_NAME = /\.(?:md|markdown|mdown|mkdn|mkd|mdwn|mdtxt|mdtext)$/i;
// What editors and systems leave beside files (hidden files, backups, swap files): not anyone's article.
const LITTER = /^\.|~$|\.(?:bak|orig|swp|swo|tmp)$/i;
// An article's first line, as frontmatter.ts reads it.
const FRONTMATTER_OPEN = /^\uFEFF?---[ \t]*\r?\n/;

function startsLikeArticle(file: string): boolean {
  const head = new Uint8Array(16);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    // Unreadable: not something Herald would have read either way, and no article of ours to judge.
    return false;
  }
  try {
    return FRONTMATTER_OPEN.test(new TextDecoder().decode(head.subarray(0, readSync(fd, head, 0, head.length, 0))));
  } finally {
    closeSync(fd);
  }
}

/**
 * Files under articles/ that readSources leaves out although they look like articles: Markdown saved
 * under another extension (.markdown, .mkd, .MD…), any other file that opens with a frontmatter line
 * (.txt, .mdx, no extension…), and symbolic links to an article or a folder, which are not followed.
 * Media and other files (images, audio, .vtt, .json) are not listed: they are not articles.
 */
export function listIgnoredArticles(contentDir: string): IgnoredFile[] {
  const ignored: IgnoredFile[] = [];
  for (const { entry: e, file, path, siblings } of articleEntries(contentDir)) {
    if (e.isDirectory() || LITTER.test(e.name) || isArticle(e)) continue;
    if (e.isSymbolicLink()) {
      const target = statSync(file, { throwIfNoEntry: false });
      if (target?.isDirectory()) {
        ignored.push({
          path,
          reason: 'not read: a symbolic link to a folder, which is not followed; move the folder here',
        });
      } else if (MARKDOWN_NAME.test(e.name)) {
        ignored.push({ path, reason: 'not read: a symbolic link, which is not followed; put the file itself here' });
      }
    } else if (e.isFile()) {
      const markdown = MARKDOWN_NAME.test(e.name);
      if (!markdown && !startsLikeArticle(file)) continue;
      const dot = e.name.lastIndexOf('.');
      // "x.markdown", "x.MD" and "x.md.txt" all become "x.md".
      const name = `${(dot > 0 ? e.name.slice(0, dot) : e.name).replace(/\.md$/i, '')}.md`;
      const what = markdown
        ? 'only files ending in .md are articles'
        : 'it starts like an article (---), but only files ending in .md are articles';
      // Compared by name, not with existsSync: on a case-insensitive disk "x.md" exists when "x.MD" does.
      const fix = siblings.has(name) ? `and ${name} exists beside it` : `rename it to ${name}`;
      ignored.push({ path, reason: `not read: ${what}; ${fix}` });
    }
  }
  return ignored.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
