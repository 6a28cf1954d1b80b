// The feed byte budget (FEED_MAX_BYTES): fitBudget keeps whole bodies while the document fits and
// drops the oldest items' bodies first when it does not. Its shortcut (skip the exact sizes when a bound
// read off the string lengths fits) must never keep a body the exact sizes would drop.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/core/article.ts';
import { documentBytes, encodedSize, fitBudget } from '../../../src/feed/model.ts';
import { articleFile, sources, storeOf } from '../../support/fixtures.ts';

async function articlesWith(bodies: string[]): Promise<Article[]> {
  const files = Object.fromEntries(
    bodies.map((body, i) => [
      `a${i}`,
      articleFile({ title: `Article ${i}`, date: `2024-01-${String(i + 1).padStart(2, '0')}T00:00:00Z` }, body),
    ]),
  );
  return [...(await storeOf(sources(files))).articles];
}

describe('fitBudget', () => {
  it('bounds every string by seven bytes per UTF-16 unit, lone surrogates and escapes included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        expect(encodedSize(text)).toBeLessThanOrEqual(7 * text.length);
      }),
    );
  });

  it('keeps every body when the document fits', async () => {
    const articles = await articlesWith(['One.\n', 'Two.\n', 'Three.\n']);
    const items = fitBudget(articles, (a) => a.html, 1_000_000);
    expect(items.map((i) => i.full)).toEqual([true, true, true]);
    expect(items.map((i) => i.html)).toEqual(articles.map((a) => a.html));
  });

  it('drops the oldest bodies first once the exact size exceeds the budget', async () => {
    const body = `${'A paragraph of plain words. '.repeat(200)}\n`;
    const articles = await articlesWith([body, body, body]);
    const whole = documentBytes(fitBudget(articles, (a) => a.html, Number.POSITIVE_INFINITY));
    const items = fitBudget(articles, (a) => a.html, whole - 1);
    expect(items.map((i) => i.full)).toEqual([true, true, false]);
    expect(items[2]?.html).toBe('');
    expect(documentBytes(items)).toBeLessThanOrEqual(whole - 1);
  });

  it('keeps every body when the exact size fits though the bound from the lengths does not', async () => {
    const body = `${'Plain ASCII words without markup. '.repeat(100)}\n`;
    const articles = await articlesWith([body, body]);
    const whole = documentBytes(fitBudget(articles, (a) => a.html, Number.POSITIVE_INFINITY));
    const items = fitBudget(articles, (a) => a.html, whole);
    expect(items.map((i) => i.full)).toEqual([true, true]);
  });
});
