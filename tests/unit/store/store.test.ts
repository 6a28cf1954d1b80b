// The Store: order, drafts, scheduled articles against a fixed clock, tag and author selections.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.ts';
import type { MemoryStore, Selector } from '../../../src/store/store.ts';
import { articleFile, NOW, newsSources, sources, storeOf } from '../../support/fixtures.ts';

const at = (iso: string) => fixedClock(iso)().getTime();
const slugs = (store: MemoryStore, selector: Selector, now: number) => {
  const selection = store.select(selector, now);
  return selection.slice(0, selection.total).map((a) => a.slug);
};
const all: Selector = { kind: 'all' };
const tag = (slug: string): Selector => ({ kind: 'tag', slug });
const author = (slug: string): Selector => ({ kind: 'author', slug });

describe('order', () => {
  it('is newest first, ties broken by slug ascending', async () => {
    const store = await storeOf(
      sources({
        c: articleFile({ date: '2024-03-01T10:00:00Z' }),
        a: articleFile({ date: '2024-03-01T11:00:00+01:00' }),
        b: articleFile({ date: '2024-03-01T10:00:00Z' }),
        old: articleFile({ date: '2024-01-01' }),
        new: articleFile({ date: '2024-05-01' }),
      }),
    );
    expect(store.articles.map((a) => a.slug)).toEqual(['new', 'a', 'b', 'c', 'old']);
  });

  it('sorts by publication, not by the updated date', async () => {
    const store = await storeOf(
      sources({
        edited: articleFile({ date: '2024-01-01T00:00:00Z', updated: '2024-12-01T00:00:00Z' }),
        recent: articleFile({ date: '2024-06-01T00:00:00Z' }),
      }),
    );
    expect(store.articles.map((a) => a.slug)).toEqual(['recent', 'edited']);
  });
});

describe('drafts', () => {
  it('are never in the store', async () => {
    const store = await storeOf(newsSources());
    expect(store.bySlug('2024/draft')).toBeUndefined();
    expect(store.articles.map((a) => a.slug)).not.toContain('2024/draft');
  });

  it('leave no tag or author group behind', async () => {
    const store = await storeOf(newsSources());
    expect(store.tags.has('secret-tag')).toBe(false);
  });
});

describe('scheduled articles', () => {
  const future = '2024-07-01T08:00:00Z';

  it('are hidden before their date', async () => {
    const store = await storeOf(newsSources());
    expect(slugs(store, all, at(NOW))).toEqual(['2024/alpha', '2024/beta', '2024/gamma']);
    expect(store.hidden(at(NOW))).toBe(1);
  });

  it('are hidden one millisecond before their date', async () => {
    const store = await storeOf(newsSources());
    expect(slugs(store, all, at(future) - 1)).not.toContain('2024/future');
  });

  it('are visible at exactly their date', async () => {
    const store = await storeOf(newsSources());
    expect(slugs(store, all, at(future))).toEqual(['2024/future', '2024/alpha', '2024/beta', '2024/gamma']);
    expect(store.hidden(at(future))).toBe(0);
  });

  it('are counted right whatever order the instants are asked in (the answer is remembered per window)', async () => {
    const dates = ['2030-01-01T00:00:00Z', '2030-02-01T00:00:00Z', '2030-02-01T00:00:00Z', '2030-03-01T00:00:00Z'];
    const store = await storeOf(
      sources({
        old: articleFile({ date: '2024-01-01T00:00:00Z' }),
        ...Object.fromEntries(dates.map((date, i) => [`s${i}`, articleFile({ date })])),
      }),
    );
    const goLives = dates.map((d) => Date.parse(d));
    const instants = goLives.flatMap((t) => [t - 1, t, t + 1]).concat(at(NOW), Date.parse('2031-01-01'));
    // Forwards, backwards and jumping about: each answer is what counting the dates gives.
    for (const now of [...instants, ...instants.toReversed(), ...instants.filter((_, i) => i % 2), ...instants]) {
      expect(store.hidden(now), new Date(now).toISOString()).toBe(goLives.filter((t) => t > now).length);
    }
  });

  it('are hidden from tag selections too', async () => {
    const store = await storeOf(newsSources());
    expect(slugs(store, tag('politics'), at(NOW))).toEqual(['2024/alpha', '2024/beta']);
    expect(slugs(store, tag('politics'), at(future))).toEqual(['2024/future', '2024/alpha', '2024/beta']);
  });

  it('keep their group, empty until the date', async () => {
    const store = await storeOf(newsSources());
    expect(store.group(tag('future-only'))).toBeDefined();
    expect(store.select(tag('future-only'), at(NOW)).total).toBe(0);
    expect(store.select(tag('future-only'), at(future)).total).toBe(1);
  });
});

describe('nextChange', () => {
  it('is the date of the next scheduled article', async () => {
    const store = await storeOf(newsSources());
    expect(store.select(all, at(NOW)).nextChange).toBe(at('2024-07-01T08:00:00Z'));
  });

  it('is the soonest of several scheduled articles', async () => {
    const store = await storeOf(
      sources({
        now: articleFile({ date: '2024-01-01T00:00:00Z' }),
        later: articleFile({ date: '2024-09-01T00:00:00Z' }),
        soon: articleFile({ date: '2024-08-01T00:00:00Z' }),
      }),
    );
    expect(store.select(all, at(NOW)).nextChange).toBe(at('2024-08-01T00:00:00Z'));
  });

  it('is undefined when nothing is scheduled', async () => {
    const store = await storeOf(newsSources());
    expect(store.select(all, at('2024-07-01T08:00:00Z')).nextChange).toBeUndefined();
  });

  it("is the selection's own next article", async () => {
    const store = await storeOf(newsSources());
    expect(store.select(tag('politics'), at(NOW)).nextChange).toBe(at('2024-07-01T08:00:00Z'));
    expect(store.select(tag('asia'), at(NOW)).nextChange).toBeUndefined();
  });
});

describe('updated', () => {
  it('is the newest updated or published instant of the visible items', async () => {
    const store = await storeOf(newsSources());
    expect(store.select(all, at(NOW)).updated).toBe(at('2024-05-01T00:00:00Z'));
  });

  it('counts a scheduled article once it is visible', async () => {
    const store = await storeOf(newsSources());
    expect(store.select(all, at('2024-07-01T08:00:00Z')).updated).toBe(at('2024-07-01T08:00:00Z'));
  });

  it('is per selection', async () => {
    const store = await storeOf(newsSources());
    expect(store.select(tag('politics'), at(NOW)).updated).toBe(at('2024-03-01T10:00:00Z'));
  });

  it("is the site's newest update for a selection with nothing visible yet", async () => {
    // Not 0: a feed dated 1970 would look stale, and its Last-Modified would be meaningless.
    const store = await storeOf(newsSources());
    expect(store.select(tag('future-only'), at(NOW)).updated).toBe(at('2024-05-01T00:00:00Z'));
  });

  it('is 0 for a store with nothing visible', async () => {
    const store = await storeOf(sources({ later: articleFile({ date: '2030-01-01T00:00:00Z' }) }));
    expect(store.select(all, at(NOW)).updated).toBe(0);
  });
});

describe('tag and author selection', () => {
  it('selects the articles of a tag, newest first', async () => {
    const store = await storeOf(newsSources());
    expect(slugs(store, tag('asia'), at(NOW))).toEqual(['2024/alpha', '2024/gamma']);
  });

  it('selects the articles of an author, co-authored ones included', async () => {
    const store = await storeOf(newsSources());
    expect(slugs(store, author('ann'), at(NOW))).toEqual(['2024/alpha', '2024/beta']);
    expect(slugs(store, author('bo'), at(NOW))).toEqual(['2024/beta']);
  });

  it('groups articles without an author under the site author', async () => {
    const store = await storeOf(newsSources());
    expect(slugs(store, author('desk'), at('2024-07-02T00:00:00Z'))).toEqual(['2024/future', '2024/gamma']);
  });

  it('selects nothing for an unknown tag or author', async () => {
    const store = await storeOf(newsSources());
    expect(store.group(tag('nope'))).toBeUndefined();
    expect(store.select(tag('nope'), at(NOW)).total).toBe(0);
    expect(store.select(author('nope'), at(NOW)).slice(0, 10)).toEqual([]);
  });

  it('merges tags that differ only in case, Unicode normalisation or white space against hyphens', async () => {
    const store = await storeOf(
      sources({
        a: articleFile({ date: '2024-02-01T00:00:00Z', tags: ['Économie', 'North Korea'] }),
        b: articleFile({ date: '2024-01-01T00:00:00Z', tags: ['E\u0301conomie', 'north-korea'] }),
        c: articleFile({ date: '2023-01-01T00:00:00Z', tags: ['économie!'] }),
      }),
    );
    expect([...store.tags.keys()]).toEqual(['north-korea', 'économie', 'économie!']);
    expect(store.tags.get('économie')?.name).toBe('Économie');
    expect(slugs(store, tag('économie'), at(NOW))).toEqual(['a', 'b']);
  });

  it('lists tags and authors sorted by slug', async () => {
    const store = await storeOf(newsSources());
    expect([...store.tags.keys()]).toEqual(['asia', 'future-only', 'politics']);
    expect([...store.authors.keys()]).toEqual(['ann', 'bo', 'desk']);
  });

  it('slices a selection into pages', async () => {
    const store = await storeOf(newsSources());
    const selection = store.select(all, at('2024-07-02T00:00:00Z'));
    expect(selection.slice(1, 3).map((a) => a.slug)).toEqual(['2024/alpha', '2024/beta']);
    expect(selection.slice(3, 10).map((a) => a.slug)).toEqual(['2024/gamma']);
  });

  it('finds an article by slug', async () => {
    const store = await storeOf(newsSources());
    expect(store.bySlug('2024/beta')?.title).toBe('Beta');
  });
});
