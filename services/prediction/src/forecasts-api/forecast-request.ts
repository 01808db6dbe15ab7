import { api } from '@salescast/contracts';
import { Granularity } from '@salescast/forecasting';
import { invalidArgument } from '@salescast/platform/grpc/errors';

/** What every forecast read asks for, validated. */
export interface ForecastView {
  horizon: number;
  levels: number[];
  granularity: Granularity;
}

export interface ForecastQuery extends ForecastView {
  sku: string;
}

export const DEFAULT_LEVELS = [80, 95];
export const MAX_BATCH = 1000;
export const DEFAULT_PAGE_SIZE = 100;

const GRANULARITIES: Record<number, Granularity> = {
  [api.Granularity.GRANULARITY_UNSPECIFIED]: 'daily',
  [api.Granularity.GRANULARITY_DAILY]: 'daily',
  [api.Granularity.GRANULARITY_WEEKLY]: 'weekly',
  [api.Granularity.GRANULARITY_MONTHLY]: 'monthly',
};

export const GRANULARITY_ENUM: Record<Granularity, api.Granularity> = {
  daily: api.Granularity.GRANULARITY_DAILY,
  weekly: api.Granularity.GRANULARITY_WEEKLY,
  monthly: api.Granularity.GRANULARITY_MONTHLY,
};

/**
 * Validates horizon, levels and granularity (shared by every read); INVALID_ARGUMENT names the
 * field and the limit. `available` are the levels the snapshots carry. Pure.
 */
export function parseView(
  req: { horizonDays: number; levels: number[]; granularity?: api.Granularity },
  maxHorizon: number,
  available: readonly number[],
): ForecastView {
  if (!Number.isInteger(req.horizonDays) || req.horizonDays < 1 || req.horizonDays > maxHorizon)
    throw invalidArgument(
      'horizon_days',
      `must be between 1 and ${maxHorizon} (MAX_HORIZON_DAYS) (got ${req.horizonDays})`,
    );
  const levels = req.levels?.length ? [...new Set(req.levels)].sort((a, b) => a - b) : DEFAULT_LEVELS;
  levels.forEach((l, i) => {
    if (!available.includes(l))
      throw invalidArgument(`levels[${i}]`, `must be one of ${available.join(', ')} (got ${l})`);
  });
  const granularity = GRANULARITIES[req.granularity ?? 0];
  if (!granularity) throw invalidArgument('granularity', `unknown value ${req.granularity}`);
  return { horizon: req.horizonDays, levels, granularity };
}

/** Validates a GetForecast request. Pure. */
export function parseForecastRequest(
  req: { sku: string; horizonDays: number; levels: number[]; granularity?: api.Granularity },
  maxHorizon: number,
  available: readonly number[],
): ForecastQuery {
  const sku = req.sku?.trim();
  if (!sku) throw invalidArgument('sku', 'required');
  return { sku, ...parseView(req, maxHorizon, available) };
}

/** Validates a BatchGetForecasts request: 1..1000 SKUs, none empty; duplicates dropped. Pure. */
export function parseBatchRequest(
  req: api.BatchGetForecastsRequest,
  maxHorizon: number,
  available: readonly number[],
): { skus: string[]; view: ForecastView } {
  if (!req.skus?.length) throw invalidArgument('skus', 'at least one SKU is required');
  if (req.skus.length > MAX_BATCH)
    throw invalidArgument('skus', `at most ${MAX_BATCH} SKUs per call (got ${req.skus.length})`);
  const skus = req.skus.map((s, i) => {
    const t = s?.trim();
    if (!t) throw invalidArgument(`skus[${i}]`, 'empty');
    return t;
  });
  return { skus: [...new Set(skus)], view: parseView(req, maxHorizon, available) };
}

/** Validates a ListForecasts request; the page token is the last SKU of the previous page. Pure. */
export function parseListRequest(
  req: api.ListForecastsRequest,
  maxHorizon: number,
  available: readonly number[],
): { category?: string; pageSize: number; after?: string; view: ForecastView } {
  const pageSize = req.pageSize || DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_BATCH)
    throw invalidArgument('page_size', `must be between 1 and ${MAX_BATCH} (got ${req.pageSize})`);
  let after: string | undefined;
  if (req.pageToken) {
    after = decodePageToken(req.pageToken);
    if (after === undefined) throw invalidArgument('page_token', 'not a token returned by ListForecasts');
  }
  return {
    category: req.category || undefined,
    pageSize,
    after,
    view: parseView(req, maxHorizon, available),
  };
}

const TOKEN_PREFIX = 'after:';
export const encodePageToken = (lastSku: string) => Buffer.from(TOKEN_PREFIX + lastSku).toString('base64url');
export function decodePageToken(token: string): string | undefined {
  const s = Buffer.from(token, 'base64url').toString();
  return s.startsWith(TOKEN_PREFIX) ? s.slice(TOKEN_PREFIX.length) : undefined;
}
