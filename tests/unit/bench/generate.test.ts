import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { splitFrontmatter } from '../../../src/content/frontmatter.ts';
import { loadStore } from '../../../src/content/load.ts';
import { castOf, generateSources, generateStore, REFERENCE_DATE } from '../../../src/generate/generate.ts';

const articlesOf = (sources: Record<string, string>) =>
  Object.entries(sources).filter(([path]) => path.startsWith('articles/'));

function frontmatterOf(text: string): Record<string, unknown> {
  const split = splitFrontmatter(text);
  if (!split.ok) throw new Error(split.problems.join('\n'));
  return split.data as Record<string, unknown>;
}

describe('generateStore', () => {
  it('gives identical files for the same number of articles and seed', () => {
    expect(generateSources(150, 7)).toEqual(generateSources(150, 7));
  });

  it('gives different articles for a different seed', () => {
    const a = articlesOf(generateSources(20, 1)).map(([, text]) => text);
    const b = articlesOf(generateSources(20, 2)).map(([, text]) => text);
    expect(a.filter((text) => b.includes(text))).toEqual([]);
  });

  it('writes site.yaml and N article files under articles/<yyyy>/<mm>/ with unique paths', () => {
    const paths = [...generateStore(500)].map((f) => f.path);
    expect(paths[0]).toBe('site.yaml');
    expect(paths.slice(1)).toHaveLength(500);
    expect(new Set(paths.map((p) => p.toLowerCase())).size).toBe(501);
    for (const path of paths.slice(1)) expect(path).toMatch(/^articles\/\d{4}\/(0[1-9]|1[0-2])\/[a-z0-9-]+\.md$/);
  });

  it('generates a store that loads with zero problems', async () => {
    const sources = generateSources(300);
    const { store, problems } = await loadStore(sources);
    expect(problems).toEqual([]);
    expect(store?.articles.length).toBeGreaterThan(290);
  });

  it('gives every article a 3-5 KB body', () => {
    for (const [path, text] of articlesOf(generateSources(300))) {
      const split = splitFrontmatter(text);
      if (!split.ok) throw new Error(path);
      const bytes = Buffer.byteLength(split.body);
      expect(bytes, path).toBeGreaterThanOrEqual(3000);
      expect(bytes, path).toBeLessThanOrEqual(5120);
    }
  });

  it('writes Markdown with headings, lists, relative and absolute links', () => {
    const bodies = articlesOf(generateSources(100)).map(([, text]) => text);
    const share = (pattern: RegExp) => bodies.filter((b) => pattern.test(b)).length / bodies.length;
    expect(share(/^## /m)).toBeGreaterThan(0.5);
    expect(share(/^- /m)).toBeGreaterThan(0.3);
    expect(share(/\]\(https:\/\//)).toBeGreaterThan(0.5);
    expect(share(/\]\((?:\.\.\/|\/|notes\/)/)).toBeGreaterThan(0.3);
    expect(share(/^> /m)).toBeGreaterThan(0.05);
  });

  it('mixes bare days and date-times with offsets, all within eight years of the reference date', () => {
    const dates = articlesOf(generateSources(400)).map(([, text]) => String(frontmatterOf(text).date));
    expect(dates.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).length).toBeGreaterThan(80);
    expect(dates.filter((d) => /T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)$/.test(d)).length).toBeGreaterThan(80);
    const instants = dates.map((d) => Date.parse(d));
    expect(Math.min(...instants)).toBeGreaterThanOrEqual(Date.UTC(2018, 9, 1));
  });

  it('makes about 1% drafts and 0.5% articles scheduled years after the reference date', () => {
    const fields = articlesOf(generateSources(3000)).map(([, text]) => frontmatterOf(text));
    const drafts = fields.filter((f) => f.draft === true).length;
    expect(drafts).toBeGreaterThanOrEqual(12);
    expect(drafts).toBeLessThanOrEqual(50);
    const scheduled = fields.filter((f) => Date.parse(String(f.date)) > REFERENCE_DATE);
    expect(scheduled.length).toBeGreaterThanOrEqual(5);
    expect(scheduled.length).toBeLessThanOrEqual(30);
    for (const f of scheduled) expect(Date.parse(String(f.date))).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 1));
  });

  it('gives each article 2-4 tags with Zipf-like popularity led by the first tag of the cast', () => {
    const counts = new Map<string, number>();
    for (const [, text] of articlesOf(generateSources(2000))) {
      const tags = frontmatterOf(text).tags as string[];
      expect(tags.length).toBeGreaterThanOrEqual(2);
      expect(tags.length).toBeLessThanOrEqual(4);
      for (const t of tags) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    const sorted = [...counts.values()].sort((x, y) => y - x);
    expect(sorted.length).toBeGreaterThan(200);
    expect(counts.get(castOf().tags[0] as string)).toBe(sorted[0]);
    expect(sorted[0]).toBeGreaterThan(10 * (sorted[sorted.length >> 1] as number));
  });

  it('signs articles with one or two of dozens of authors, some with e-mails in site.yaml', () => {
    const sources = generateSources(1000);
    const bylines = articlesOf(sources).map(([, text]) => frontmatterOf(text).author);
    const names = bylines.flatMap((b) => (b === undefined ? [] : Array.isArray(b) ? b : [b])) as string[];
    expect(new Set(names).size).toBeGreaterThan(24);
    expect(bylines.some((b) => Array.isArray(b) && b.length === 2)).toBe(true);
    expect(bylines.every((b) => !Array.isArray(b) || b.length <= 2)).toBe(true);
    const site = parse(sources['site.yaml'] as string) as { authors: Record<string, { email?: string }> };
    expect(names.some((n) => site.authors[n]?.email)).toBe(true);
  });
});
