// Renderer test support: the hostile fixture store, every feed of a store, and first pages rendered
// straight from buildFeedModel (no HTTP), shared by the RSS, Atom and JSON Feed unit tests.

import { readContent } from '../../src/build/sources.ts';
import { loadStore } from '../../src/content/load.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { buildFeedModel, type FeedModel } from '../../src/feed/model.ts';
import { createStore, type MemoryStore, type Selector } from '../../src/store/store.ts';
import { NOW } from './fixtures.ts';

export const at = (iso: string): number => fixedClock(iso)().getTime();

/** The hostile fixture store's content directory (its media files are read from there). */
export const HOSTILE_DIR = new URL('../fixtures/stores/hostile', import.meta.url).pathname;

export async function hostileStore(): Promise<MemoryStore> {
  const { sources, media } = await readContent(HOSTILE_DIR);
  const { store, problems } = await loadStore(sources, { media });
  if (!store) throw new Error(problems.join('\n'));
  return createStore(store);
}

/** Every feed of a store: the whole store, each tag and each author. */
export function selectorsOf(store: MemoryStore): Selector[] {
  return [
    { kind: 'all' },
    ...[...store.tags.keys()].map((slug) => ({ kind: 'tag' as const, slug })),
    ...[...store.authors.keys()].map((slug) => ({ kind: 'author' as const, slug })),
  ];
}

/** The first page of a feed through `renderer`, with 20 items, max-age 300 and a 1 MB budget by default. */
export function renderFirstPage(
  renderer: (model: FeedModel) => string,
  store: MemoryStore,
  selector: Selector = { kind: 'all' },
  now = at(NOW),
  items = 20,
): string {
  const model = buildFeedModel(store, selector, { kind: 'page', page: 1 }, now, {
    items,
    maxAge: 300,
    maxBytes: 1_000_000,
  });
  if (!model) throw new Error(`no feed for ${JSON.stringify(selector)}`);
  return renderer(model);
}
