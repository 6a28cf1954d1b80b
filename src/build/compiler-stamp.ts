// Node only: a digest of Herald's own code, kept beside what it compiled (.herald/index.bin, the
// Worker's manifest), so output made by another version of Herald is compiled again rather than reused
// while the content is unchanged (after `git pull`, an edit to the Markdown rendering, a new feed
// field). Contents, not modification times: a fresh checkout of the same code reuses what it built.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// src/entry/ from the sources, .herald/node/ from the bundle (entry/node-bundle.mjs): the repository
// root is two levels up either way.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Files whose content decides what is compiled and how it is laid out: the sources, and the lock file
 * (the Markdown, YAML and sanitizer packages). */
function inputs(): string[] {
  const sources = readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
  return [...sources.sort(), join(ROOT, 'package-lock.json')];
}

let memo: string | undefined;

/** The digest (16 hex digits), computed once per process: ~1 MB read and hashed, a few milliseconds.
 * "unknown" when the sources are not there to read (then nothing compiled is reused by mistake: an
 * "unknown" stamp never matches one that was computed). */
export function compilerStamp(): string {
  if (memo === undefined) {
    try {
      const hash = createHash('sha256');
      for (const path of inputs()) hash.update(path.slice(ROOT.length)).update('\0').update(readFileSync(path));
      memo = hash.digest('hex').slice(0, 16);
    } catch {
      memo = `unknown-${process.pid}-${Date.now()}`;
    }
  }
  return memo;
}
