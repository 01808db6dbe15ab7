import { baseConfigSchema } from '@salescast/platform';
import { z } from 'zod';

export const predictionConfigSchema = baseConfigSchema.extend({
  /** host:port of the training service's gRPC server (model registry). */
  TRAINING_SERVICE_ADDR: z.string().regex(/^[^:\s]+:\d+$/, 'want host:port'),
  /** Longest horizon a client may ask for, in days. */
  MAX_HORIZON_DAYS: z.coerce.number().int().min(1).max(731).default(366),
});
export type PredictionConfig = z.infer<typeof predictionConfigSchema>;
