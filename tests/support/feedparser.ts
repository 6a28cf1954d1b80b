// Python's feedparser (Debian's python3-feedparser), the parser behind many aggregators, as an
// independent reader of Herald's feeds. Tests that use it skip, with a message, where it is not installed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PYTHON = '/usr/bin/python3';

export const feedparserAvailable =
  existsSync(PYTHON) &&
  (() => {
    try {
      execFileSync(PYTHON, ['-c', 'import feedparser']);
      return true;
    } catch {
      return false;
    }
  })();
if (!feedparserAvailable) console.warn('python3-feedparser is not installed: the feedparser tests are skipped');

/** Runs `script` (Python that reads the feed file named by sys.argv[1] and prints JSON) on `feed`, and
 * returns what it printed, parsed. The feed goes through a file, as bytes, so no encoding is guessed. */
export async function readWithFeedparser<T>(script: string, feed: string | Uint8Array): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-feedparser-'));
  try {
    const file = join(dir, 'feed.xml');
    await writeFile(file, feed);
    return JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' })) as T;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
