// The layout of docs/architecture.md, enforced: each folder of src/ imports only from folders on a lower
// layer (or from itself), never sideways or up; only the Node folders touch Node APIs or the
// environment; nothing in src/ reaches into the tools or the tests.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

/** Folder -> layer. A folder imports only folders of a lower layer, and itself. */
const LAYERS: Record<string, number> = {
  core: 0,
  http: 1,
  content: 1,
  store: 2,
  storage: 3,
  feed: 3,
  html: 4,
  app: 5,
  websub: 6,
  build: 7,
  import: 7,
  generate: 7,
  'runtime/workers': 7,
  'runtime/node': 8,
  cli: 9,
};

/** Folders that run on Node only: they may import node: modules and read process.env. */
const NODE_ONLY = new Set(['build', 'import', 'generate', 'runtime/node', 'cli']);

/** The folder of LAYERS a path under src/ belongs to (the longest that matches). */
function folderOf(pathInSrc: string): string | undefined {
  return Object.keys(LAYERS)
    .filter((f) => pathInSrc === f || pathInSrc.startsWith(`${f}/`))
    .sort((a, b) => b.length - a.length)[0];
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|mts|mjs)$/.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Every module specifier a file imports, statically or dynamically, and every URL it resolves. */
function specifiers(text: string): string[] {
  const found = text.matchAll(
    /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)['"]([^'"]+)['"]|typeof import\(['"]([^'"]+)['"]\)/g,
  );
  return [...found].map((m) => (m[1] ?? m[2]) as string);
}

/** The imports of `file` (a path under src/, holding `text`) that break the table: up or sideways a layer,
 * or out of src/. */
function wrongImports(file: string, text: string): string[] {
  const from = folderOf(file) as string;
  const out: string[] = [];
  for (const spec of specifiers(text)) {
    // Relative module files only: packages, node: built-ins and directory URLs (the repository root) pass.
    if (!spec.startsWith('.') || !/\.(ts|mts|mjs|js)$/.test(spec)) continue;
    const target = relative(SRC, resolve(SRC, dirname(file), spec));
    const to = folderOf(target);
    if (target.startsWith('..') || !to) out.push(`${file} -> ${spec} (outside the folders of src/)`);
    else if (to !== from && (LAYERS[to] as number) >= (LAYERS[from] as number)) {
      out.push(`${file} (${from}, layer ${LAYERS[from]}) -> ${target} (${to}, layer ${LAYERS[to]})`);
    }
  }
  return out;
}

describe('the layout of src/', () => {
  it('puts every source file in a folder the layer table knows', async () => {
    const unknown = (await sourceFiles(SRC)).map((f) => relative(SRC, f)).filter((f) => !folderOf(f));
    expect(unknown).toEqual([]);
  });

  it('has no import that goes up or sideways a layer, nor out of src/', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(SRC))
      offenders.push(...wrongImports(relative(SRC, file), await readFile(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('tells an upward, a sideways and an outside import from a downward one', () => {
    expect(wrongImports('storage/assets/files.ts', "import { parseConfig } from '../../app/config.ts';")).toHaveLength(
      1,
    );
    expect(wrongImports('feed/opml.ts', "import type { Shape } from '../storage/assets/format.ts';")).toHaveLength(1);
    expect(wrongImports('app/app.ts', "const m = await import('../../tools/bench/table.ts');")).toHaveLength(1);
    expect(wrongImports('app/app.ts', "import { createStore } from '../store/store.ts';")).toEqual([]);
    expect(wrongImports('app/routes/feeds.ts', "import { textResponse } from './errors.ts';")).toEqual([]);
  });

  it('keeps node: modules and process.env to the Node folders', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(SRC)) {
      const path = relative(SRC, file);
      if (NODE_ONLY.has(folderOf(path) as string)) continue;
      const text = await readFile(file, 'utf8');
      if (/from ['"]node:|require\(['"]node:|import\(['"]node:|\bprocess\.env\b|\bBuffer\b/.test(text))
        offenders.push(path);
    }
    expect(offenders).toEqual([]);
  });
});
