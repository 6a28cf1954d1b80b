// Node only: write an imported article file (and the media beside it) under content/articles/, and
// nowhere else.
import { closeSync, constants, lstatSync, mkdirSync, openSync, realpathSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * Writes `path` (relative, "/"-separated) under `articles`, creating folders one at a time. Whatever
 * the importer produced and whatever the folders hold, the file lands inside the real `articles` folder
 * or nowhere: every folder on the way is resolved with realpath after it exists, so a symlink leading
 * out of the store is refused rather than followed. Returns true, 'exists' (force off: O_EXCL makes
 * that check atomic, and it never follows a symlink), or why it was refused.
 */
export function writeArticle(
  articles: string,
  path: string,
  text: string,
  force: boolean | undefined,
): true | 'exists' | { refused: string } {
  const opened = openInside(articles, path, force);
  if (opened === 'exists' || 'refused' in opened) return opened;
  try {
    writeFileSync(opened.fd, text, 'utf8');
  } finally {
    closeSync(opened.fd);
  }
  return true;
}

/**
 * Opens `path` under `articles` for writing, with the guarantees of writeArticle: a file descriptor (the
 * caller closes it), 'exists', or why it was refused. `file` is the real path opened.
 */
export function openInside(
  articles: string,
  path: string,
  force: boolean | undefined,
): { fd: number; file: string } | 'exists' | { refused: string } {
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\0]/.test(s)))
    return { refused: `"${path}" is not a plain path inside ${articles}` };
  mkdirSync(articles, { recursive: true });
  const root = realpathSync(articles);
  const outside = (real: string) => {
    const rel = relative(root, real);
    return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  };
  let dir = root;
  let shown = articles;
  for (const segment of segments.slice(0, -1)) {
    shown = join(shown, segment);
    try {
      mkdirSync(join(dir, segment));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let real: string;
    try {
      real = realpathSync(join(dir, segment));
    } catch {
      return { refused: `${shown} is a symbolic link to a missing folder` };
    }
    if (outside(real)) return { refused: `${shown} leads to ${real}, outside ${articles}` };
    dir = real;
  }
  let file = join(dir, segments[segments.length - 1] as string);
  const shownFile = join(shown, segments[segments.length - 1] as string);
  const existing = lstatSync(file, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) {
    if (!force) return 'exists';
    try {
      file = realpathSync(file);
    } catch {
      return { refused: `${shownFile} is a symbolic link to a missing file` };
    }
    if (outside(file)) return { refused: `${shownFile} leads to ${file}, outside ${articles}` };
  }
  // With --force the resolved file is opened without following a link, so one swapped in since the
  // check above is refused by the system (ELOOP) rather than written through.
  const flag =
    constants.O_WRONLY | constants.O_CREAT | (force ? constants.O_TRUNC | constants.O_NOFOLLOW : constants.O_EXCL);
  let fd: number;
  try {
    fd = openSync(file, flag, 0o666);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'exists';
    if (code === 'ELOOP') return { refused: `${shownFile} became a symbolic link while it was written` };
    throw error;
  }
  return { fd, file };
}

/**
 * Whether `path` under `articles` is there (a file, or a link, not followed), looking only inside the real
 * `articles` folder: a folder on the way that leads out of it counts as nothing there, so that writing
 * is tried and refused (writeArticle) rather than skipped.
 */
export function existsInside(articles: string, path: string): boolean {
  let root: string;
  let parent: string;
  try {
    root = realpathSync(articles);
    parent = realpathSync(join(articles, ...path.split('/').slice(0, -1)));
  } catch {
    return false;
  }
  const rel = relative(root, parent);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return false;
  return lstatSync(join(parent, path.slice(path.lastIndexOf('/') + 1)), { throwIfNoEntry: false }) !== undefined;
}
