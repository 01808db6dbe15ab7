import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { events } from '@salescast/contracts';
import { Observation, skusToRetrain, transitions } from '@salescast/monitoring';
import { CONFIG, LOGGER, METRICS, Metrics } from '@salescast/platform';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AccuracyService } from '../accuracy/accuracy.service';
import { CatalogRepository } from '../catalog/catalog.repository';
import { AlertingConfig } from '../config';
import { DriftService } from '../drift/drift.service';
import { AlertRow, AlertsRepository, CoveredTransition } from './alerts.repository';

/**
 * The monitoring loop's decisions: after each change (actuals, forecasts, a new champion) the touched
 * SKUs and their categories are observed; the alert state machine turns observations into raised and
 * resolved alerts (monitoring.alerts.v1); a raised drift or accuracy alert asks for retraining of
 * the SKUs it covers (training.requests.v1), debounced per SKU. Evaluations run one at a time.
 */
@Injectable()
export class AlertsService implements OnApplicationBootstrap {
  private queue: Promise<void> = Promise.resolve();
  private readonly raised;
  private readonly resolved;
  private readonly open;
  private readonly retrains;

  constructor(
    private readonly repo: AlertsRepository,
    private readonly drift: DriftService,
    private readonly accuracy: AccuracyService,
    private readonly catalog: CatalogRepository,
    @Inject(CONFIG) private readonly config: AlertingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.raised = metrics.counter('salescast_alerts_raised_total', 'Monitoring alerts raised', ['kind', 'scope']);
    this.resolved = metrics.counter('salescast_alerts_resolved_total', 'Monitoring alerts resolved', ['kind', 'scope']);
    this.open = metrics.gauge('salescast_alerts_open', 'Monitoring alerts currently open', ['kind', 'scope', 'severity']);
    this.retrains = metrics.counter(
      'salescast_retraining_requests_total',
      'Retraining requests published on training.requests.v1, by reason',
      ['reason'],
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.exportOpen();
  }

  /** Re-observes the SKUs (and their categories) and publishes what changed. */
  evaluate(skus: string[]): Promise<void> {
    const run = this.queue.then(() => this.evaluateNow([...new Set(skus)]));
    this.queue = run.catch(() => undefined);
    return run;
  }

  list(f: { openOnly: boolean; sku: string; limit: number }): Promise<AlertRow[]> {
    return this.repo.list(f);
  }

  private async evaluateNow(skus: string[]): Promise<void> {
    if (!skus.length) return;
    const observations: Observation[] = [];
    const covers = new Map<string, string[]>();
    for (const sku of skus) {
      const champion = await this.drift.champion(sku);
      observations.push(...(await this.drift.observeSku(sku, champion)), ...(await this.accuracy.observe(sku, champion)));
    }
    const categories = [...new Set((await this.catalog.categoryOf(skus)).values())];
    for (const c of categories) {
      observations.push(...(await this.drift.observeCategory(c)));
      covers.set(c, await this.catalog.skusOf(c));
    }
    const now = new Date();
    const changes: CoveredTransition[] = transitions(await this.repo.open(), observations, now, randomUUID).map((t) => ({
      ...t,
      skus: t.alert.scope === 'sku' ? [t.alert.key] : t.alert.scope === 'category' ? (covers.get(t.alert.key) ?? []) : [],
    }));
    const raises = changes.filter((t) => t.type === 'raise');
    const candidates = [...new Set(raises.flatMap((t) => t.skus))];
    const retrainSkus = candidates.length
      ? skusToRetrain(raises, await this.repo.lastRequested(candidates), now, this.config.RETRAIN_DEBOUNCE_MINUTES * 60_000)
      : [];
    const drift = raises.some((t) => t.alert.kind === 'drift_detected' && t.skus.some((s) => retrainSkus.includes(s)));
    const retrain = retrainSkus.length
      ? {
          skus: retrainSkus,
          reason: drift ? events.TrainingReason.TRAINING_REASON_DRIFT : events.TrainingReason.TRAINING_REASON_ACCURACY,
          detail: raises.map((t) => `${t.alert.kind} ${t.alert.scope} ${t.alert.key}: ${t.alert.evidence.metric}`).join('; '),
        }
      : undefined;
    await this.repo.apply(changes, retrain, now);
    for (const t of changes) {
      (t.type === 'raise' ? this.raised : this.resolved).inc({ kind: t.alert.kind, scope: t.alert.scope });
      this.logger.info(
        { alertId: t.alert.alertId, kind: t.alert.kind, scope: t.alert.scope, key: t.alert.key, evidence: t.type === 'raise' ? t.alert.evidence : t.evidence },
        t.type === 'raise' ? 'alert raised' : 'alert resolved',
      );
    }
    if (retrain) {
      this.retrains.inc({ reason: drift ? 'drift' : 'accuracy' });
      this.logger.info({ skus: retrain.skus, detail: retrain.detail }, 'retraining requested');
    }
    if (changes.length) await this.exportOpen();
  }

  private async exportOpen(): Promise<void> {
    this.open.reset();
    for (const kind of ['drift_detected', 'accuracy_degraded'])
      for (const scope of ['sku', 'category']) this.open.set({ kind, scope, severity: 'warning' }, 0);
    for (const r of await this.repo.openCounts()) this.open.set({ kind: r.kind, scope: r.scope, severity: r.severity }, r.n);
  }
}
