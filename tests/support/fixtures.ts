// Fixture stores built by functions: every test gets fresh objects, nothing shared or mutated.

import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { createApp } from '../../src/app/app.ts';
import { type Config, defaultConfig } from '../../src/app/config.ts';
import { loadStore, type Sources } from '../../src/content/load.ts';
import type { CompiledStore, MediaFiles } from '../../src/core/article.ts';
import { type Clock, fixedClock } from '../../src/core/clock.ts';
import { isServableMediaPath } from '../../src/core/media-types.ts';
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

/**
 * A fixture's sources as loadStore takes them: the text files, and the media files among them (any
 * `articles/...` entry of a type Herald serves, its text as its bytes), as build/media-files.ts would
 * describe them on disk (contentDir writes them as files). A test store can then hold local enclosures
 * and images.
 */
export function splitMedia(src: Sources): { sources: Sources; media: MediaFiles } {
  const sources: Sources = {};
  const media: MediaFiles = {};
  for (const [path, text] of Object.entries(src)) {
    const contentType = path.startsWith('articles/') ? isServableMediaPath(path.slice(9)) : undefined;
    if (!contentType) {
      sources[path] = text;
      continue;
    }
    const bytes = Buffer.from(text);
    const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
    media[path.slice(9)] = { size: bytes.byteLength, etag, lastModified: Date.UTC(2024, 0, 1), contentType };
  }
  return { sources, media };
}

export async function compile(src: Sources, siteUrl?: string): Promise<CompiledStore> {
  const { sources: texts, media } = splitMedia(src);
  const { store, problems } = await loadStore(texts, { media, ...(siteUrl ? { siteUrl } : {}) });
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

/** Articles covering the optional fields (a frontmatter id, an external url, an enclosure and an image,
 * both files beside the episode), plus `articles`; the episode by `episodeAuthor` when given. */
export function extrasSources(
  options: { articles?: Record<string, string>; episodeAuthor?: string; site?: string } = {},
): Sources {
  return {
    ...sources(
      {
        ...options.articles,
        'with-id': articleFile({ title: 'With id', date: '2024-03-01T00:00:00Z', id: 'tag:news.example.org,2024:1' }),
        external: articleFile({
          title: 'External',
          date: '2024-02-01T00:00:00Z',
          url: 'https://elsewhere.example.org/',
        }),
        episode: articleFile({
          title: 'Episode',
          date: '2024-01-01T00:00:00Z',
          author: options.episodeAuthor,
          image: 'cover.jpg',
          enclosure: { url: 'ep.mp3', type: 'audio/mpeg', length: 12345 },
        }),
      },
      options.site ?? siteYaml(),
    ),
    // Its length is read from the file, and must agree with the one written.
    'articles/ep.mp3': 'x'.repeat(12345),
    'articles/cover.jpg': 'not a real JPEG',
  };
}
