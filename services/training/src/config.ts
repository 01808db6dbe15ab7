import { availableParallelism } from 'node:os';
import { baseConfigSchema } from '@salescast/platform';
import { z } from 'zod';

export const trainingConfigSchema = baseConfigSchema.extend({
  /** host:port of the feature store's gRPC server. */
  FEATURE_SERVICE_ADDR: z.string().regex(/^[^:\s]+:\d+$/, 'want host:port'),
  /** Cron expression (UTC) for scheduled retraining, or `off`. Default: Mondays 03:00. */
  TRAINING_CRON: z.string().default('0 3 * * 1'),
  /** Forecast horizon (days) the models are backtested for. */
  TRAINING_HORIZON_DAYS: z.coerce.number().int().min(1).max(366).default(62),
  /** Comma-separated engine members (empty = the full ensemble), e.g. `snaive` for a fast demo. */
  TRAINING_MEMBERS: z.string().default(''),
  /**
   * Champion/challenger gate: a new fit becomes champion only if its backtest WAPE (else MASE, else
   * sMAPE) is at most the champion's times (1 + margin). 0.05 = up to 5 % worse still promotes.
   */
  TRAINING_GATE_MARGIN: z.coerce.number().min(0).max(100).default(0.05),
  /** Worker threads that fit models (0 = in-process). Default: one less than the cores, at least 1. */
  TRAINING_WORKERS: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .default(Math.max(1, availableParallelism() - 1)),
});
export type TrainingConfig = z.infer<typeof trainingConfigSchema>;
