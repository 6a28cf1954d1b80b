// Fixture stores built by functions: every test gets fresh objects, nothing shared or mutated.
import { stringify } from 'yaml';
import { createApp } from '../../src/app/app.ts';
import { type Config, defaultConfig } from '../../src/app/config.ts';
import { loadStore, type Sources } from '../../src/content/load.ts';
import type { CompiledStore } from '../../src/core/article.ts';
import { type Clock, fixedClock } from '../../src/core/clock.ts';
import { createStore, type MemoryStore } from '../../src/store/store.ts';

export const SITE = {
  title: 'Herald Test News',
  description: 'A store for tests',
  url: 'https://news.example.org/',
  language: 'en',
  author: {
    name: 'Desk',
    email: 'desk@news.example.org',
    url: 'https://news.example.org/',
  },
};

/** site.yaml text from the default site with `overrides` applied (undefined removes a field). */
export function siteYaml(overrides: Record<string, unknown> = {}): string {
  const site: Record<string, unknown> = { ...SITE, ...overrides };
  for (const [k, v] of Object.entries(site)) if (v === undefined) delete site[k];
  return stringify(site);
}

/** An article file: frontmatter from `fields` (undefined removes a field), then `body`. */
export function articleFile(fields: Record<string, unknown>, body = 'Body text.\n'): string {
  const data: Record<string, unknown> = {
    title: 'Untitled',
    date: '2024-01-01T00:00:00Z',
    ...fields,
  };
  for (const [k, v] of Object.entries(data)) if (v === undefined) delete data[k];
  return `---\n${stringify(data)}---\n${body}`;
}

/** Sources with a site.yaml and the given articles keyed by slug. */
export function sources(articles: Record<string, string>, site = siteYaml()): Sources {
  const out: Sources = { 'site.yaml': site };
  for (const [slug, text] of Object.entries(articles)) out[`articles/${slug}.md`] = text;
  return out;
}

export async function compile(src: Sources, siteUrl?: string): Promise<CompiledStore> {
  const { store, problems } = await loadStore(src, siteUrl ? { siteUrl } : {});
  if (!store || problems.length > 0) throw new Error(`fixture store is invalid:\n${problems.join('\n')}`);
  return store;
}

export async function storeOf(src: Sources): Promise<MemoryStore> {
  return createStore(await compile(src));
}

/** A small store with ties, tags, several authors, a draft and a scheduled article (clock 2024-06-01). */
export function newsSources(): Sources {
  return sources(
    {
      '2024/alpha': articleFile({
        title: 'Alpha',
        date: '2024-03-01T10:00:00Z',
        tags: ['politics', 'asia'],
        author: 'Ann',
      }),
      '2024/beta': articleFile({
        title: 'Beta',
        date: '2024-03-01T10:00:00Z',
        tags: ['politics'],
        author: ['Ann', 'Bo'],
      }),
      '2024/gamma': articleFile({
        title: 'Gamma',
        date: '2024-02-01',
        updated: '2024-05-01T00:00:00Z',
        tags: ['asia'],
      }),
      '2024/draft': articleFile({
        title: 'Draft',
        date: '2024-01-01',
        draft: true,
        tags: ['secret-tag'],
      }),
      '2024/future': articleFile({
        title: 'Future',
        date: '2024-07-01T08:00:00Z',
        tags: ['politics', 'future-only'],
      }),
    },
    siteYaml({
      authors: {
        Ann: { email: 'ann@news.example.org' },
        Bo: { url: 'https://bo.example.org/' },
      },
    }),
  );
}

export const NOW = '2024-06-01T12:00:00Z';

export async function appOf(
  src: Sources,
  options: { clock?: Clock; config?: Partial<Config> } = {},
): Promise<ReturnType<typeof createApp>> {
  return createApp({
    store: await storeOf(src),
    config: { ...defaultConfig, ...options.config },
    clock: options.clock ?? fixedClock(NOW),
  });
}
