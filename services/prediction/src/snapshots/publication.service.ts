import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { events } from '@salescast/contracts';
import { datesAfter, daysBetween, rollForward } from '@salescast/forecasting';
import { CONFIG, LOGGER, METRICS, Metrics, OUTBOX, OutboxRelay } from '@salescast/platform';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ActualsRepository } from '../actuals/actuals.repository';
import { CatalogService } from '../catalog/catalog.service';
import { Champion, ChampionCache } from '../champions/champion-cache';
import { AGGREGATE_SLACK_DAYS, PredictionConfig, PUBLISHED_LEVELS } from '../config';
import { Snapshot } from './snapshot';
import { SnapshotStore } from './snapshot-store';
import { SnapshotsRepository } from './snapshots.repository';

const Reason = events.PublicationReason;
/** SKUs stored and announced per transaction. */
const CHUNK = 100;

/**
 * Computes each SKU's forecast once and publishes it: at a promotion (the new champion), and when new
 * actuals arrive (the same champion, re-predicted from the new origin with rollForward: no refit).
 * Changes are gathered for PUBLISH_DEBOUNCE_MS, then the affected SKUs are predicted, stored as
 * immutable snapshots with their `forecasts.published.v1` events (one transaction per chunk, through
 * the outbox) and swapped into the SnapshotStore that serves every read.
 *
 * The origin of every forecast is the latest day with actuals for any SKU (or the champion's own
 * origin when that is later): a SKU with no sales on a day sold 0, as the feature store has it.
 */
@Injectable()
export class PublicationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private pending = new Map<string, events.PublicationReason>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private lastActualDay?: string;
  private stopped = false;
  private readonly published;
  private readonly failures;
  private readonly seconds;
  private readonly pendingGauge;

  constructor(
    private readonly champions: ChampionCache,
    private readonly store: SnapshotStore,
    private readonly snapshots: SnapshotsRepository,
    private readonly actuals: ActualsRepository,
    private readonly catalog: CatalogService,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    @Inject(CONFIG) private readonly config: PredictionConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.published = metrics.counter(
      'salescast_prediction_snapshots_published_total',
      'Forecast snapshots published, by reason',
      ['reason'],
    );
    this.failures = metrics.counter(
      'salescast_prediction_publish_failures_total',
      'SKUs whose forecast could not be computed (the previous snapshot stays served)',
    );
    this.seconds = metrics.histogram(
      'salescast_prediction_publish_seconds',
      'Time to compute, store and announce one batch of snapshots',
      [],
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    );
    this.pendingGauge = metrics.gauge('salescast_prediction_publish_pending', 'SKUs waiting to be re-published');
    champions.onChange((skus, atStart) => (atStart ? this.catchUp(skus) : this.schedule(skus, Reason.PUBLICATION_REASON_PROMOTION)));
  }

  /** The snapshots published before are served at once, before anything is re-computed. */
  async onApplicationBootstrap(): Promise<void> {
    for (const s of await this.snapshots.latest()) this.store.put(s);
    this.lastActualDay = await this.actuals.lastDay();
    this.logger.info({ snapshots: this.store.size, lastActualDay: this.lastActualDay }, 'snapshots loaded');
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** New actuals (stored): every forecast whose origin they move is re-published. */
  actualsArrived(rows: { sku: string; day: string }[]): void {
    const newest = rows.reduce<string | undefined>((m, r) => (!m || r.day > m ? r.day : m), undefined);
    if (newest && (!this.lastActualDay || newest > this.lastActualDay)) {
      this.lastActualDay = newest;
      this.schedule(this.champions.skus(), Reason.PUBLICATION_REASON_NEW_ACTUALS);
      return;
    }
    const touched = rows
      .filter((r) => {
        const c = this.champions.get(r.sku);
        return c && r.day > c.originDate;
      })
      .map((r) => r.sku);
    this.schedule(touched, Reason.PUBLICATION_REASON_NEW_ACTUALS);
  }

  /** At start: publish what is missing or stale (a crash between actuals and publication, a promotion missed). */
  private catchUp(skus: string[]): void {
    for (const sku of skus) {
      const c = this.champions.get(sku);
      const held = this.store.get(sku);
      if (!c) continue;
      if (!held || held.modelVersionId !== c.modelVersionId)
        this.schedule([sku], held ? Reason.PUBLICATION_REASON_PROMOTION : Reason.PUBLICATION_REASON_REFRESH);
      else if (held.originDate < this.originFor(c)) this.schedule([sku], Reason.PUBLICATION_REASON_NEW_ACTUALS);
    }
  }

  /** Marks SKUs for publication; the batch runs PUBLISH_DEBOUNCE_MS after the first mark. */
  schedule(skus: string[], reason: events.PublicationReason): void {
    if (this.stopped || skus.length === 0) return;
    for (const sku of skus) {
      const had = this.pending.get(sku);
      // a promotion stays a promotion when actuals arrive in the same batch
      if (had !== Reason.PUBLICATION_REASON_PROMOTION) this.pending.set(sku, reason);
    }
    this.pendingGauge.set(this.pending.size);
    if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.config.PUBLISH_DEBOUNCE_MS);
  }

  /** Publishes every pending SKU now (one batch at a time). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await this.running;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.pendingGauge.set(0);
    this.running = this.publish(batch).finally(() => (this.running = undefined));
    await this.running;
    if (this.pending.size > 0 && !this.timer && !this.stopped)
      this.timer = setTimeout(() => void this.flush(), this.config.PUBLISH_DEBOUNCE_MS);
  }

  private async publish(batch: Map<string, events.PublicationReason>): Promise<void> {
    const end = this.seconds.startTimer();
    const skus = [...batch.keys()].sort();
    let done = 0;
    for (let i = 0; i < skus.length && !this.stopped; i += CHUNK) {
      const part = skus.slice(i, i + CHUNK).flatMap((sku) => {
        const c = this.champions.get(sku);
        return c ? [c] : [];
      });
      const actuals = await this.actuals.after(part.map((c) => ({ sku: c.sku, origin: c.originDate })));
      const made: Snapshot[] = [];
      for (const c of part) {
        try {
          made.push(this.compute(c, actuals.get(c.sku), batch.get(c.sku)!));
        } catch (e) {
          this.failures.inc();
          this.logger.error({ sku: c.sku, modelVersionId: c.modelVersionId, err: (e as Error).message }, 'forecast not published');
        }
        await new Promise((r) => setImmediate(r)); // let reads through between SKUs
      }
      try {
        await this.snapshots.insert(made);
      } catch (e) {
        // not stored, not announced: put them back for the next batch
        this.logger.error({ err: (e as Error).message, skus: made.length }, 'snapshots not stored; retrying later');
        for (const s of made) this.pending.set(s.sku, s.reason);
        continue;
      }
      for (const s of made) {
        this.store.put(s);
        this.published.inc({ reason: events.PublicationReason[s.reason] });
      }
      this.outbox.poke();
      done += made.length;
    }
    end();
    this.logger.info({ published: done, asked: skus.length, lastActualDay: this.lastActualDay }, 'forecasts published');
  }

  /** The origin a champion's forecast should have now: its own, or the latest actual day if later. */
  private originFor(c: Champion): string {
    return this.lastActualDay && this.lastActualDay > c.originDate ? this.lastActualDay : c.originDate;
  }

  /** One SKU's snapshot: the champion's forecast from its origin, rolled forward over the new actuals. */
  compute(c: Champion, actuals: Map<string, number> | undefined, reason: events.PublicationReason): Snapshot {
    const origin = this.originFor(c);
    const k = daysBetween(c.originDate, origin);
    const days = this.config.MAX_HORIZON_DAYS + AGGREGATE_SLACK_DAYS;
    const seen = datesAfter(c.originDate, k).map((d) => actuals?.get(d) ?? 0);
    const f = rollForward(c.model.predict(k + days, PUBLISHED_LEVELS), seen, days);
    const mean = Float64Array.from(f.mean, (v) => (Number.isFinite(v) ? Math.max(0, v) : 0));
    const intervals = PUBLISHED_LEVELS.map((level) => {
      const iv = f.intervals[level];
      const lower = new Float64Array(days);
      const upper = new Float64Array(days);
      for (let d = 0; d < days; d++) {
        // a model without an interval at this level (no residuals to calibrate): zero width at the mean
        const lo = iv && Number.isFinite(iv.lower[d]) ? Math.max(0, iv.lower[d]) : mean[d];
        const hi = iv && Number.isFinite(iv.upper[d]) ? Math.max(0, iv.upper[d]) : mean[d];
        lower[d] = Math.min(lo, mean[d]);
        upper[d] = Math.max(hi, mean[d]);
      }
      return { level, lower, upper };
    });
    return {
      snapshotId: randomUUID(),
      sku: c.sku,
      category: this.catalog.categoryOf(c.sku),
      modelVersionId: c.modelVersionId,
      modelName: c.modelName,
      originDate: origin,
      publishedAt: new Date(),
      reason,
      path: { dates: datesAfter(origin, days), mean, intervals },
    };
  }
}
