// What check:content and the server's start log say a store holds at an instant: scheduled articles
// are not published, and the next and last go-live instants are shown in the site's time zone.
import { describe, expect, it } from 'vitest';
import { loadStore } from '../../../src/content/load.ts';
import { describeSummary, formatInstant, summarizeStore } from '../../../src/store/summary.ts';
import { articleFile, compile, NOW, newsSources, sources } from '../../support/fixtures.ts';

const now = Date.parse(NOW);

describe('summarizeStore', () => {
  it('counts a scheduled article as scheduled, not published, with its go-live instant', async () => {
    const { store, drafts } = await loadStore(newsSources());
    expect(summarizeStore(store as NonNullable<typeof store>, now, drafts)).toEqual({
      published: 3,
      scheduled: 1,
      nextGoLive: Date.parse('2024-07-01T08:00:00Z'),
      lastGoLive: Date.parse('2024-07-01T08:00:00Z'),
      drafts: 1,
    });
  });

  it('gives the first and the last of several scheduled articles', async () => {
    const store = await compile(
      sources({
        old: articleFile({ date: '2024-01-01T00:00:00Z' }),
        soon: articleFile({ date: '2024-06-02T09:00:00Z' }),
        later: articleFile({ date: '2024-09-01T00:00:00Z' }),
        latest: articleFile({ date: '2025-01-01T00:00:00Z' }),
      }),
    );
    expect(summarizeStore(store, now)).toEqual({
      published: 1,
      scheduled: 3,
      nextGoLive: Date.parse('2024-06-02T09:00:00Z'),
      lastGoLive: Date.parse('2025-01-01T00:00:00Z'),
      drafts: 0,
    });
  });

  it('counts an article dated exactly now as published, as the store shows it', async () => {
    const store = await compile(sources({ a: articleFile({ date: NOW }) }));
    expect(summarizeStore(store, now)).toEqual({ published: 1, scheduled: 0, drafts: 0 });
  });

  it('follows the clock it is given', async () => {
    const store = await compile(newsSources());
    expect(summarizeStore(store, Date.parse('2024-07-01T08:00:00Z')).scheduled).toBe(0);
  });
});

describe('describeSummary', () => {
  it('says nothing is scheduled', () => {
    expect(describeSummary({ published: 1, scheduled: 0, drafts: 0 }, 'UTC')).toBe(
      '1 article published, 0 scheduled, 0 drafts left out',
    );
  });

  it('names the one go-live instant in the site zone', () => {
    const at = Date.parse('2024-12-24T17:00:00Z');
    expect(
      describeSummary({ published: 5, scheduled: 1, nextGoLive: at, lastGoLive: at, drafts: 2 }, 'Europe/Berlin'),
    ).toBe('5 articles published, 1 scheduled (goes live 2024-12-24T18:00:00+01:00), 2 drafts left out');
  });

  it('names the next and the last of several', () => {
    const summary = {
      published: 5,
      scheduled: 3,
      nextGoLive: Date.parse('2024-07-01T08:00:00Z'),
      lastGoLive: Date.parse('2025-01-01T00:00:00Z'),
      drafts: 1,
    };
    expect(describeSummary(summary, 'UTC')).toBe(
      '5 articles published, 3 scheduled (the next goes live 2024-07-01T08:00:00Z, the last 2025-01-01T00:00:00Z), 1 draft left out',
    );
  });
});

describe('formatInstant', () => {
  it.each([
    ['UTC', '2024-07-01T08:00:00Z', '2024-07-01T08:00:00Z'],
    ['Europe/Berlin', '2024-07-01T08:00:00Z', '2024-07-01T10:00:00+02:00'],
    ['America/New_York', '2024-01-01T03:30:00Z', '2023-12-31T22:30:00-05:00'],
    ['Asia/Kolkata', '2024-01-01T00:00:00Z', '2024-01-01T05:30:00+05:30'],
  ])('in %s writes %s as %s', (zone, iso, expected) => {
    expect(formatInstant(Date.parse(iso), zone)).toBe(expected);
    // It names the same instant.
    expect(Date.parse(expected)).toBe(Date.parse(iso));
  });
});
