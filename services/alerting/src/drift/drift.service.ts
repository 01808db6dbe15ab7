import { Inject, Injectable } from '@nestjs/common';
import {
  DayRow,
  DriftFinding,
  DriftThresholds,
  inputDrift,
  Observation,
  pageHinkley,
  scaledErrors,
} from '@salescast/monitoring';
import { CONFIG, METRICS, Metrics } from '@salescast/platform';
import { AccuracyRepository } from '../accuracy/accuracy.repository';
import { AlertingConfig } from '../config';
import { ChampionRow, DriftRepository } from './drift.repository';

const DAY = 86_400_000;
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * Drift of a SKU or a category against its champion's training window: input drift (daily units,
 * price, returns rate: KS; weekday mix: PSI) of the days after the champion's origin versus the last
 * DRIFT_REFERENCE_DAYS before it, and error drift (Page–Hinkley on the champion's scaled errors).
 * A retrained champion moves the window, which is how a drift alert resolves.
 */
@Injectable()
export class DriftService {
  private readonly thresholds: DriftThresholds;
  private readonly statistic;
  private readonly drifted = new Map<string, Set<string>>();
  private readonly driftedGauge;

  constructor(
    private readonly repo: DriftRepository,
    private readonly accuracy: AccuracyRepository,
    @Inject(CONFIG) private readonly config: AlertingConfig,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.thresholds = {
      ksPValue: config.DRIFT_KS_PVALUE,
      weekdayPsi: config.DRIFT_WEEKDAY_PSI,
      minRecentDays: config.DRIFT_MIN_DAYS,
    };
    this.statistic = metrics.gauge(
      'salescast_drift_category_psi',
      'Population stability index of each input feature per category, recent days vs the training window',
      ['category', 'feature'],
    );
    this.driftedGauge = metrics.gauge(
      'salescast_drift_detected',
      'SKUs or categories whose latest drift check found drift, by scope and feature (page_hinkley = error drift)',
      ['scope', 'feature'],
    );
  }

  champion(sku: string): Promise<ChampionRow | undefined> {
    return this.repo.champion(sku);
  }

  async recordChampions(
    rows: Array<{ sku: string; modelVersionId: string; originDate: string; promotedAt: Date }>,
  ): Promise<void> {
    await this.repo.recordChampions(rows);
  }

  /** The drift observation of one SKU (input and error drift together: one alert per SKU). */
  async observeSku(sku: string, champion: ChampionRow | undefined): Promise<Observation[]> {
    if (!champion) return [];
    const [reference, recent] = await this.windows(champion.origin_date, (a, b) => this.repo.skuDays(sku, a, b), sku);
    const findings: Array<{ feature: string; metric: string; value: number; threshold: number; drifted: boolean; detail: string }> =
      inputDrift(reference, recent, this.thresholds).map((f) => this.describe(f, reference, recent));
    const pts = await this.accuracy.championPoints(sku, champion.model_version_id, champion.origin_date);
    if (pts.length >= this.config.DRIFT_MIN_DAYS) {
      const e = scaledErrors(
        pts.map((p) => p.actual),
        pts.map((p) => p.mean),
        reference.map((r) => r.units),
      );
      const ph = pageHinkley(e, { delta: this.config.DRIFT_PH_DELTA, lambda: this.config.DRIFT_PH_LAMBDA });
      findings.push({
        feature: 'page_hinkley',
        metric: 'page_hinkley',
        value: ph.statistic,
        threshold: this.config.DRIFT_PH_LAMBDA,
        drifted: ph.alarm,
        detail: `scaled errors of champion ${champion.model_version_id} over ${pts.length} days; forecasts too ${ph.direction > 0 ? 'low' : 'high'}`,
      });
    }
    this.track('sku', sku, findings);
    if (findings.length === 0) {
      // nothing after the champion's origin yet: the champion knows the data it is judged on
      return [this.observation('sku', sku, undefined, `no days after champion origin ${champion.origin_date} yet`)];
    }
    const worst = findings.find((f) => f.drifted) ?? findings[0];
    return [this.observation('sku', sku, worst, findings.map((f) => `${f.metric}=${round(f.value)}`).join(' '), findings.some((f) => f.drifted))];
  }

  async observeCategory(category: string): Promise<Observation[]> {
    const origin = await this.repo.categoryOrigin(category);
    if (!origin) return [];
    const [reference, recent] = await this.windows(origin, (a, b) => this.repo.categoryDays(category, a, b), undefined, category);
    const findings = inputDrift(reference, recent, this.thresholds).map((f) => this.describe(f, reference, recent));
    for (const f of findings) this.statistic.set({ category, feature: f.feature }, f.psiValue);
    this.track('category', category, findings);
    if (findings.length === 0)
      return [this.observation('category', category, undefined, `no days after training origin ${origin} yet`)];
    const worst = findings.find((f) => f.drifted) ?? findings[0];
    return [this.observation('category', category, worst, findings.map((f) => `${f.metric}=${round(f.value)}`).join(' '), findings.some((f) => f.drifted))];
  }

  private async windows(
    origin: string,
    days: (from: string, to: string) => Promise<DayRow[]>,
    sku?: string,
    category?: string,
  ): Promise<[DayRow[], DayRow[]]> {
    const reference = await days(shift(origin, -this.config.DRIFT_REFERENCE_DAYS), origin);
    const last = (await this.repo.lastDay(sku, category)) ?? origin;
    const recent = last > origin ? await days(shift(last, -this.config.DRIFT_RECENT_DAYS), last) : [];
    return [reference, recent.filter((d) => d.day > origin)];
  }

  private describe(f: DriftFinding, reference: DayRow[], recent: DayRow[]) {
    const window = `recent ${recent[0]?.day}..${recent[recent.length - 1]?.day} vs training ${reference[0]?.day}..${reference[reference.length - 1]?.day}`;
    return f.test === 'ks'
      ? {
          feature: f.feature,
          metric: `ks_${f.feature}`,
          value: f.pValue,
          threshold: f.threshold,
          drifted: f.drifted,
          psiValue: f.psi,
          detail: `KS D=${round(f.statistic)} p=${f.pValue.toExponential(2)} PSI=${round(f.psi)}; ${window}`,
        }
      : {
          feature: f.feature,
          metric: `psi_${f.feature}`,
          value: f.statistic,
          threshold: f.threshold,
          drifted: f.drifted,
          psiValue: f.psi,
          detail: `PSI=${round(f.statistic)}; ${window}`,
        };
  }

  private observation(
    scope: 'sku' | 'category',
    key: string,
    worst: { metric: string; value: number; threshold: number; detail: string } | undefined,
    summary: string,
    holds = false,
  ): Observation {
    return {
      kind: 'drift_detected',
      scope,
      key,
      holds,
      severity: 'warning',
      evidence: worst
        ? { metric: worst.metric, value: worst.value, threshold: worst.threshold, detail: `${worst.detail} | ${summary}` }
        : { metric: 'none', value: 0, threshold: 0, detail: summary },
    };
  }

  private track(scope: string, key: string, findings: Array<{ feature: string; drifted: boolean }>): void {
    this.drifted.set(`${scope}|${key}`, new Set(findings.filter((f) => f.drifted).map((f) => f.feature)));
    const counts = new Map<string, number>();
    for (const [k, features] of this.drifted)
      for (const f of features) {
        const label = `${k.split('|')[0]}|${f}`;
        counts.set(label, (counts.get(label) ?? 0) + 1);
      }
    this.driftedGauge.reset();
    for (const s of ['sku', 'category'])
      for (const f of ['units', 'price', 'returns_rate', 'weekday_mix', 'page_hinkley'])
        this.driftedGauge.set({ scope: s, feature: f }, counts.get(`${s}|${f}`) ?? 0);
  }
}

const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : v);
