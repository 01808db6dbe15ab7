import { invalidArgument } from '@salescast/platform/grpc/errors';

export interface ForecastQuery {
  sku: string;
  horizon: number;
  levels: number[];
}

export const DEFAULT_LEVELS = [80, 95];

/** Validates a GetForecast request; INVALID_ARGUMENT names the field. Pure. */
export function parseForecastRequest(
  req: { sku: string; horizonDays: number; levels: number[] },
  maxHorizon: number,
): ForecastQuery {
  const sku = req.sku?.trim();
  if (!sku) throw invalidArgument('sku', 'required');
  if (!Number.isInteger(req.horizonDays) || req.horizonDays < 1 || req.horizonDays > maxHorizon)
    throw invalidArgument('horizon_days', `must be between 1 and ${maxHorizon} (got ${req.horizonDays})`);
  const levels = req.levels?.length ? [...new Set(req.levels)].sort((a, b) => a - b) : DEFAULT_LEVELS;
  levels.forEach((l, i) => {
    if (!(l > 0 && l < 100)) throw invalidArgument(`levels[${i}]`, `must be in (0, 100) (got ${l})`);
  });
  return { sku, horizon: req.horizonDays, levels };
}
