import { baseConfigSchema } from '@salescast/platform';
import { z } from 'zod';

export const predictionConfigSchema = baseConfigSchema.extend({
  /** host:port of the training service's gRPC server (model registry). */
  TRAINING_SERVICE_ADDR: z.string().regex(/^[^:\s]+:\d+$/, 'want host:port'),
  /** Longest horizon a client may ask for, in days. */
  MAX_HORIZON_DAYS: z.coerce.number().int().min(1).max(731).default(366),
  /**
   * How long new actuals (or promotions) are gathered before the affected SKUs are re-predicted and
   * published together, in ms. A day's actuals are reflected within this plus the publication time.
   */
  PUBLISH_DEBOUNCE_MS: z.coerce.number().int().min(0).max(240_000).default(2000),
});
export type PredictionConfig = z.infer<typeof predictionConfigSchema>;

/** Interval levels every snapshot carries (clients choose among them). */
export const PUBLISHED_LEVELS = [50, 80, 90, 95, 99];

/**
 * Days a snapshot holds beyond MAX_HORIZON_DAYS, so that a category or total can add up SKUs whose
 * origins are up to this many days behind the latest one over the full horizon.
 */
export const AGGREGATE_SLACK_DAYS = 28;
