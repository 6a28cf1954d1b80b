// DESIGN.md's rule: only the runtime entry points, the file-system loader and the command-line tools
// touch Node APIs or the environment; everything else is web-standard and runs unchanged in workerd.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../src');
const NODE_ALLOWED = [/^entry\//, /^cli\//, /^bench\//, /^store\/sources-fs\.ts$/];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat().filter((f) => f.endsWith('.ts'));
}

describe('shared code', () => {
  it('imports no node: module and reads no process.env outside the entry points, loader and tools', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(ROOT)) {
      const path = relative(ROOT, file);
      if (NODE_ALLOWED.some((re) => re.test(path))) continue;
      const text = await readFile(file, 'utf8');
      if (/from ['"]node:|require\(['"]node:|\bprocess\.env\b/.test(text)) offenders.push(path);
    }
    expect(offenders).toEqual([]);
  });
});
