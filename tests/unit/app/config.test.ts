// Settings from the environment (Node) or Workers vars: parseConfig and the raw settings key that
// decides whether a Worker may serve documents prerendered at build time.
import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig, settingsKey } from '../../../src/app/config.ts';

describe('parseConfig', () => {
  it('gives the defaults when nothing is set, exactly as the schema gives them for a set default', () => {
    // LOG_REQUESTS=0 goes through the schema and changes nothing: the shortcut must agree with it.
    const viaSchema = parseConfig({ LOG_REQUESTS: '0' });
    expect(parseConfig({})).toEqual({ ok: true, config: defaultConfig });
    expect(parseConfig({})).toEqual(viaSchema);
  });

  it('treats empty values and names it does not read as unset', () => {
    expect(parseConfig({ FEED_ITEMS: '  ', SOMETHING_ELSE: '5', ASSETS: {} })).toEqual(parseConfig({}));
  });

  it('still refuses an invalid value, naming it', () => {
    const parsed = parseConfig({ FEED_ITEMS: 'many' });
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.problems).toEqual([expect.stringMatching(/^\[config\] FEED_ITEMS: /)]);
  });
});

describe('settingsKey', () => {
  it('is the same for the same settings, however unset ones are spelled', () => {
    expect(settingsKey({ FEED_ITEMS: '', OTHER: 'x' })).toBe(settingsKey({}));
    expect(settingsKey({ CACHE_MAX_AGE: '60', FEED_ITEMS: '5' })).toBe(
      settingsKey({ FEED_ITEMS: '5', CACHE_MAX_AGE: '60' }),
    );
  });

  it('differs when any setting differs', () => {
    const base = settingsKey({});
    for (const env of [{ FEED_ITEMS: '5' }, { SITE_URL: 'https://a.example/' }, { HUB_URL: 'https://h.example/' }]) {
      expect(settingsKey(env)).not.toBe(base);
    }
  });
});
