// Node only: a digest of the part of Herald's code that shapes what it compiles, kept beside the
// compiled output (the manifests of .herald/store and of the Worker's assets), so output made by another version of that
// code is compiled again rather than reused while the content is unchanged (after `git pull`, an edit to
// the Markdown rendering, a new feed field). Only that part: an edit to the server, the command line or
// the bench compiles nothing again. Contents, not modification times: a fresh checkout of the same code
// reuses what it built.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// src/build/ from the sources, .herald/node/ from the bundle (build/bundle.mjs): the repository root is
// two levels up either way.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What shapes each compiled output, under src/: the Node server's store holds what content/ compiles,
 * laid out by storage/ (over store/'s groups and visibility); the Worker's assets also hold documents the
 * app renders at build time. */
const SHAPED_BY = {
  store: ['core', 'content', 'store', 'storage'],
  assets: ['core', 'content', 'store', 'storage', 'feed', 'html', 'http', 'app'],
} as const;

export type CompiledOutput = keyof typeof SHAPED_BY;

/** The files of `paths` (folders or files under src/), tests left out, and the lock file (the Markdown,
 * YAML, sanitizer and HTML packages, and what they depend on). */
export function stampedFiles(output: CompiledOutput): string[] {
  const files: string[] = [];
  for (const path of SHAPED_BY[output]) {
    const at = join(ROOT, 'src', path);
    if (statSync(at).isFile()) files.push(at);
    else {
      for (const e of readdirSync(at, { recursive: true, withFileTypes: true })) {
        if (e.isFile() && /\.(ts|mts|mjs)$/.test(e.name) && !e.name.endsWith('.test.ts'))
          files.push(join(e.parentPath, e.name));
      }
    }
  }
  return [...files.sort(), join(ROOT, 'package-lock.json')];
}

const memo = new Map<CompiledOutput, string>();

/** The digest (16 hex digits) for one compiled output, computed once per process: a few hundred KB read
 * and hashed. "unknown" when the sources are not there to read (then nothing compiled is reused by
 * mistake: an "unknown" stamp never matches one that was computed). */
export function compilerStamp(output: CompiledOutput): string {
  let stamp = memo.get(output);
  if (stamp === undefined) {
    try {
      const hash = createHash('sha256');
      for (const path of stampedFiles(output))
        hash.update(path.slice(ROOT.length)).update('\0').update(readFileSync(path));
      stamp = hash.digest('hex').slice(0, 16);
    } catch {
      stamp = `unknown-${process.pid}-${Date.now()}`;
    }
    memo.set(output, stamp);
  }
  return stamp;
}
