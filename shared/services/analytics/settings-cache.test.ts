/**
 * The settings cache (issue 18): a save in this process is what this process counts by from then on,
 * even when a read of the older settings was already on its way.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYTICS_SETTINGS, type AnalyticsSettings } from '../../domain/analytics.ts';
import { SETTINGS_CACHE_MS, SettingsCache } from './settings-cache.ts';

/** A store whose reads wait until the test answers them. */
function slowStore() {
  const pending: ((s: AnalyticsSettings) => void)[] = [];
  return {
    pending,
    settings: () => new Promise<AnalyticsSettings>((resolve) => pending.push(resolve)),
  };
}

describe('SettingsCache', () => {
  it('keeps what was saved when a read started before the save answers after it', async () => {
    const store = slowStore();
    let now = 0;
    const cache = new SettingsCache({ analytics: store, clock: { now: () => new Date(now) } });
    const off = { ...DEFAULT_ANALYTICS_SETTINGS, enabled: false };

    const reading = cache.get();
    cache.set(off);
    // The read began before the save: it answers the older settings, which must not replace the new.
    store.pending[0]!(DEFAULT_ANALYTICS_SETTINGS);
    expect(await reading).toEqual(off);
    expect(await cache.get()).toEqual(off);
    expect(store.pending).toHaveLength(1);

    // A minute on, the cache reads again, and takes what it reads.
    now += SETTINGS_CACHE_MS;
    const next = cache.get();
    store.pending[1]!(DEFAULT_ANALYTICS_SETTINGS);
    expect(await next).toEqual(DEFAULT_ANALYTICS_SETTINGS);
    expect(await cache.get()).toEqual(DEFAULT_ANALYTICS_SETTINGS);
  });

  it('shares one read among the callers of a busy minute', async () => {
    const store = slowStore();
    const cache = new SettingsCache({ analytics: store, clock: { now: () => new Date(0) } });
    const [a, b] = [cache.get(), cache.get()];
    store.pending[0]!(DEFAULT_ANALYTICS_SETTINGS);
    expect(await Promise.all([a, b])).toEqual([DEFAULT_ANALYTICS_SETTINGS, DEFAULT_ANALYTICS_SETTINGS]);
    expect(store.pending).toHaveLength(1);
  });
});
