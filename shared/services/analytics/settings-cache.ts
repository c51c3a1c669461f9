/**
 * The analytics settings as every count reads them: from memory for 60 seconds, so that counting costs
 * no read of its own. Another process sees a change within the minute; the one that saved it at once.
 */
import type { AnalyticsSettings } from '../../domain/analytics.ts';
import type { AnalyticsStore, Clock } from '../../ports/index.ts';

export const SETTINGS_CACHE_MS = 60_000;

export class SettingsCache {
  private cached: { settings: AnalyticsSettings; readAt: number } | undefined;
  /** One read at a time: the requests of a busy minute share it. */
  private reading: Promise<AnalyticsSettings> | undefined;
  /** Bumped by each save: a read begun before it answers older settings, which must not replace it. */
  private generation = 0;

  constructor(private readonly deps: { analytics: Pick<AnalyticsStore, 'settings'>; clock: Clock }) {}

  async get(): Promise<AnalyticsSettings> {
    const now = this.deps.clock.now().getTime();
    if (this.cached && now - this.cached.readAt < SETTINGS_CACHE_MS && now >= this.cached.readAt) {
      return this.cached.settings;
    }
    if (this.reading) return this.reading;
    const generation = this.generation;
    const reading = this.deps.analytics
      .settings()
      .then((settings) => {
        if (generation !== this.generation && this.cached) return this.cached.settings;
        this.cached = { settings, readAt: now };
        return settings;
      })
      .finally(() => {
        if (this.reading === reading) this.reading = undefined;
      });
    this.reading = reading;
    return reading;
  }

  /** What this process just saved. */
  set(settings: AnalyticsSettings): void {
    this.generation++;
    this.reading = undefined;
    this.cached = { settings, readAt: this.deps.clock.now().getTime() };
  }
}
