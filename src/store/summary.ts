// What a store holds at an instant: published, scheduled (and when they go live) and drafts. One
// count for every place that reports it (check:content, the server's start log), so none of them
// counts a scheduled article as published. The clock is the caller's: `now` is a parameter.
import { zoneOffsetMinutes } from '../content/dates.ts';
import type { Store } from './store.ts';

export interface StoreSummary {
  /** Articles visible at `now` (their date has passed). */
  published: number;
  /** Articles whose date is still ahead: invisible everywhere until then. */
  scheduled: number;
  /** When the first scheduled article goes live (ms since the epoch). */
  nextGoLive?: number;
  /** When the last scheduled article goes live (ms); equals nextGoLive when one is scheduled. */
  lastGoLive?: number;
  /** Valid articles marked `draft: true`, left out of the store. */
  drafts: number;
}

/**
 * Count `store`'s articles at `now` (ms). `drafts` comes from the load (LoadResult.drafts): a compiled
 * store keeps no trace of its drafts. The same rule as the store's visibility: an article is
 * scheduled while its date is later than `now`.
 */
export function summarizeStore(
  store: { readonly articles: ArrayLike<{ readonly published: number }> },
  now: number,
  drafts = 0,
): StoreSummary {
  let scheduled = 0;
  let next = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < store.articles.length; i++) {
    const published = (store.articles[i] as { published: number }).published;
    if (published <= now) continue;
    scheduled++;
    next = Math.min(next, published);
    last = Math.max(last, published);
  }
  return {
    published: store.articles.length - scheduled,
    scheduled,
    ...(scheduled > 0 ? { nextGoLive: next, lastGoLive: last } : {}),
    drafts,
  };
}

/** `ms` as ISO 8601 in `timeZone`, with its offset ("2024-12-24T18:00:00+01:00"), as a publisher
 * would write it in a frontmatter `date`; "Z" where the offset is zero. */
export function formatInstant(ms: number, timeZone: string): string {
  const offset = zoneOffsetMinutes(timeZone, ms);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const abs = Math.abs(offset);
  const hours = String(Math.floor(abs / 60)).padStart(2, '0');
  const minutes = String(abs % 60).padStart(2, '0');
  return `${local}${offset < 0 ? '-' : '+'}${hours}:${minutes}`;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "5 articles published, 2 scheduled (the next goes live …, the last …), 1 draft left out", with
 * instants in `timeZone` (the site's). */
export function describeSummary(summary: StoreSummary, timeZone: string): string {
  const at = (ms: number) => formatInstant(ms, timeZone);
  let scheduled = `${summary.scheduled} scheduled`;
  if (summary.nextGoLive !== undefined && summary.lastGoLive !== undefined) {
    if (summary.scheduled === 1) scheduled += ` (goes live ${at(summary.nextGoLive)})`;
    else if (summary.nextGoLive === summary.lastGoLive) scheduled += ` (all go live ${at(summary.nextGoLive)})`;
    else scheduled += ` (the next goes live ${at(summary.nextGoLive)}, the last ${at(summary.lastGoLive)})`;
  }
  return `${count(summary.published, 'article')} published, ${scheduled}, ${count(summary.drafts, 'draft')} left out`;
}

/** What the server's logs say a store holds at `now`: published and scheduled apart, as check:content
 * says it, so the count matches what readers see. */
export function storeCounts(store: Store, now: number) {
  const all = store.select({ kind: 'all' }, now);
  return {
    articles: all.total,
    scheduled: store.hidden(now),
    ...(all.nextChange !== undefined ? { nextGoLive: new Date(all.nextChange).toISOString() } : {}),
  };
}
