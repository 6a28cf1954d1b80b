// Compiling on worker threads gives the store and the problems of compiling on one thread: the same
// bytes, the same version, the same messages in the same order.
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createParallelCompiler, digestSources } from '../../src/build/compile-pool.ts';
import { readContent, readSources } from '../../src/build/sources.ts';
import { loadStore, type Sources, storeVersion } from '../../src/content/load.ts';
import type { Article, MediaFiles } from '../../src/core/article.ts';
import { articleRecord } from '../../src/storage/assets/files.ts';
import { articleSpec, frontmatterOf, hostileText } from '../support/arbitraries.ts';
import { articleFile, siteYaml } from '../support/fixtures.ts';

const STORES = new URL('../fixtures/stores/', import.meta.url).pathname;
// Starting worker threads (each loads YAML, Markdown and the sanitizer) takes seconds on a busy machine.
const TIMEOUT = 60_000;

/** Only the workers compile, one file per message: every result crosses a thread. */
const onWorkers = (workers: number) => createParallelCompiler({ workers, minJobs: 0, chunk: 1, onlyWorkers: true });

async function bothWays({ sources, media }: { sources: Sources; media: MediaFiles }, compile = onWorkers(2)) {
  const serial = await loadStore(sources, { siteUrl: 'https://news.example.org/', media });
  const parallel = await loadStore(sources, { siteUrl: 'https://news.example.org/', media, compile });
  return { serial, parallel };
}

describe('compiling on worker threads', () => {
  it('gives the hostile fixture store the same bytes and version', { timeout: TIMEOUT }, async () => {
    const { serial, parallel } = await bothWays(await readContent(`${STORES}hostile`));
    expect(serial.store?.articles.length).toBeGreaterThan(0);
    expect(JSON.stringify(parallel.store)).toBe(JSON.stringify(serial.store));
    expect(parallel.problems).toEqual(serial.problems);
  });

  it('reports the same problems, in the same order, for every broken fixture store', { timeout: TIMEOUT }, async () => {
    const dirs = readdirSync(`${STORES}broken`);
    const serial: string[][] = [];
    const parallel: string[][] = [];
    for (const dir of dirs) {
      const both = await bothWays(await readContent(`${STORES}broken/${dir}`), onWorkers(1));
      serial.push(both.serial.problems);
      parallel.push(both.parallel.problems);
      expect(JSON.stringify(both.parallel.store)).toBe(JSON.stringify(both.serial.store));
    }
    expect(serial.flat().length).toBeGreaterThan(dirs.length / 2);
    expect(parallel).toEqual(serial);
  });

  it('agrees on generated hostile articles, this thread compiling beside the workers', {
    timeout: TIMEOUT,
  }, async () => {
    const specs = fc.sample(articleSpec, 120);
    const sources: Sources = { 'site.yaml': siteYaml() };
    specs.forEach((spec, i) => {
      sources[`articles/${i}.md`] = articleFile(frontmatterOf(spec, i), spec.body);
    });
    fc.sample(hostileText(12), 40).forEach((text, i) => {
      sources[`articles/junk/${i}.md`] = text;
    });
    const { serial, parallel } = await bothWays(
      { sources, media: {} },
      createParallelCompiler({ workers: 2, minJobs: 0, chunk: 7 }),
    );
    expect(serial.store?.articles.length).toBeGreaterThan(0);
    expect(serial.problems.length).toBeGreaterThan(0);
    expect(JSON.stringify(parallel.store)).toBe(JSON.stringify(serial.store));
    expect(parallel.problems).toEqual(serial.problems);
  });
});

describe('chunk records made by the compiling threads', () => {
  const PATH = 'articles/2024/alpha.md';
  const recordsOf = (articles: readonly Article[], compile: { encoded(a: Article): Uint8Array | undefined }) =>
    articles.map((a) => [a.slug, compile.encoded(a)]);

  it('are byte for byte the records this thread makes of the articles it is given', { timeout: TIMEOUT }, async () => {
    const { sources, media } = await readContent(`${STORES}hostile`);
    // Workers alone, then this thread beside them: every record is made on some thread other than the test's.
    for (const compile of [
      createParallelCompiler({ workers: 2, minJobs: 0, chunk: 1, onlyWorkers: true, records: true }),
      createParallelCompiler({ workers: 1, minJobs: 0, chunk: 3, records: true }),
    ]) {
      const { store } = await loadStore(sources, { siteUrl: 'https://news.example.org/', media, compile });
      const articles = store?.articles ?? [];
      expect(articles.length).toBeGreaterThan(5);
      expect(recordsOf(articles, compile)).toEqual(articles.map((a) => [a.slug, articleRecord(a)]));
    }
  });

  it('belong to the last compile only, and are made only when asked for', { timeout: TIMEOUT }, async () => {
    const sources: Sources = {
      'site.yaml': siteYaml(),
      [PATH]: articleFile({ title: 'First' }, 'One.'),
      'articles/2024/beta.md': articleFile({ title: 'Beta' }),
    };
    const memo = new Map();
    // Two files or more go to the worker; one alone is compiled on this thread.
    const compile = createParallelCompiler({ workers: 1, minJobs: 2, onlyWorkers: true, records: true });
    const first = (await loadStore(sources, { compile, memo })).store?.articles ?? [];
    expect(recordsOf(first, compile)).toEqual(first.map((a) => [a.slug, articleRecord(a)]));
    // A reload recompiles the edited file alone: the first compile's record of it must not stand in.
    const edited = { ...sources, [PATH]: articleFile({ title: 'Second' }, 'Two.') };
    const second = (await loadStore(edited, { compile, memo })).store?.articles ?? [];
    expect(second.find((a) => a.title === 'Second')).toBeDefined();
    expect(recordsOf(second, compile).every(([, record]) => record === undefined)).toBe(true);
    const without = createParallelCompiler({ workers: 1, minJobs: 0, onlyWorkers: true });
    const third = (await loadStore(sources, { compile: without })).store?.articles ?? [];
    expect(third.length).toBe(2);
    expect(recordsOf(third, without).every(([, record]) => record === undefined)).toBe(true);
  });
});

describe('digestSources', () => {
  it('gives the store version Web Crypto gives', async () => {
    const sources = await readSources(`${STORES}hostile`);
    expect(await storeVersion(sources, undefined, digestSources(sources))).toBe(await storeVersion(sources));
  });
});
