import { DatasetLoader } from './types';
import { loadM3Monthly } from './m3-monthly';
import { loadAusRetail } from './aus-retail';
import { loadWalmart } from './walmart';
import { loadMrts } from './mrts';
import { loadAbsArrivals } from './abs-arrivals';
import { loadMelbourne } from './melbourne';

export * from './types';
export * from './csv';
export * from './splits';
export * from './generated';

/** Data sets the benchmark knows, by the folder name under the shared datasets root. */
export const DATASETS: Record<string, DatasetLoader> = {
  m3_monthly: loadM3Monthly,
  aus_retail: loadAusRetail,
  walmart_stores_weekly: loadWalmart,
  us_census_mrts: loadMrts,
  abs_overseas_arrivals: loadAbsArrivals,
  melbourne_pedestrians_daily: loadMelbourne,
};

export function datasetLoader(name: string): DatasetLoader {
  const loader = DATASETS[name];
  if (!loader) throw new Error(`unknown data set '${name}' (known: ${Object.keys(DATASETS).join(', ')})`);
  return loader;
}
