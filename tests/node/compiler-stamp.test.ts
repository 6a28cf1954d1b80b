// The compiler stamp covers the code that shapes compiled output and nothing else: editing the server,
// the command line, the tools or a test compiles no store again.
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilerStamp, stampedFiles } from '../../src/build/compiler-stamp.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const files = (output: 'store' | 'assets') => stampedFiles(output).map((f) => relative(ROOT, f));

describe('the compiler stamp', () => {
  it("covers what compiles the Node server's store: the content compiler, the groups and the layout", () => {
    const store = files('store');
    for (const f of ['src/content/load.ts', 'src/content/markdown.ts', 'src/core/article.ts', 'src/store/store.ts']) {
      expect(store).toContain(f);
    }
    expect(store).toContain('src/storage/assets/files.ts');
    expect(store).toContain('package-lock.json');
    expect(store.filter((f) => /^src\/(feed|html|app|runtime|cli|build)\//.test(f))).toEqual([]);
  });

  it('covers what the Worker assets hold besides: the store layout and the documents rendered at build', () => {
    const assets = files('assets');
    for (const f of ['src/storage/assets/files.ts', 'src/feed/rss.ts', 'src/html/home.ts', 'src/app/routes/feeds.ts']) {
      expect(assets).toContain(f);
    }
  });

  it('leaves out the servers, the command line, the importers, the tools and the tests', () => {
    for (const output of ['store', 'assets'] as const) {
      const stamped = files(output);
      expect(
        stamped.filter((f) => /^(src\/(runtime|cli|build|import|generate)\/|tools\/|tests\/)|\.test\.ts$/.test(f)),
      ).toEqual([]);
    }
  });

  it('is a digest of those files, one per output', () => {
    expect(compilerStamp('store')).toMatch(/^[0-9a-f]{16}$/);
    expect(compilerStamp('assets')).toMatch(/^[0-9a-f]{16}$/);
    expect(compilerStamp('store')).not.toBe(compilerStamp('assets'));
  });
});
