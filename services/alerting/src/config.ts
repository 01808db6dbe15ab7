import { baseConfigSchema } from '@salescast/platform';
import { z } from 'zod';

/** The monitoring loop's thresholds: every one configurable, defaults documented in docs/operations.md. */
export const alertingConfigSchema = baseConfigSchema.extend({
  /** Days of the training window (up to the champion's origin) the recent days are compared with. */
  DRIFT_REFERENCE_DAYS: z.coerce.number().int().min(7).max(366).default(28),
  /** Most recent days (after the champion's origin) tested for drift. */
  DRIFT_RECENT_DAYS: z.coerce.number().int().min(3).max(366).default(14),
  /** Fewest recent days before drift is judged at all. */
  DRIFT_MIN_DAYS: z.coerce.number().int().min(3).max(366).default(7),
  /** KS p-value below which daily units, price or returns rate have drifted. */
  DRIFT_KS_PVALUE: z.coerce.number().gt(0).lt(1).default(0.001),
  /** PSI above which the weekday mix has drifted. */
  DRIFT_WEEKDAY_PSI: z.coerce.number().positive().default(0.2),
  /** Page–Hinkley: tolerated mean scaled error per day, and the alarm threshold. */
  DRIFT_PH_DELTA: z.coerce.number().nonnegative().default(0.5),
  DRIFT_PH_LAMBDA: z.coerce.number().positive().default(8),
  /** A SKU's WAPE (ratio) of its champion's forecasts above which accuracy has degraded. */
  ACCURACY_WAPE_TARGET: z.coerce.number().positive().default(0.5),
  /** Fewest scored days before the accuracy alert is judged. */
  ACCURACY_MIN_POINTS: z.coerce.number().int().min(1).default(7),
  /** A SKU is not asked to be retrained again within this many minutes. */
  RETRAIN_DEBOUNCE_MINUTES: z.coerce.number().min(0).default(360),
  /** Per-SKU accuracy series exported to Prometheus: the top N SKUs by revenue only. */
  METRICS_TOP_SKUS: z.coerce.number().int().min(0).max(1000).default(20),
  /** Months of accuracy by calendar month exported to Prometheus. */
  METRICS_MONTHS: z.coerce.number().int().min(1).max(36).default(13),
});
export type AlertingConfig = z.infer<typeof alertingConfigSchema>;
