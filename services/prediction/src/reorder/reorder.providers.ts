import { Provider } from '@nestjs/common';
import { ChampionForecastSource, FORECAST_SOURCE, SnapshotForecastSource } from './forecast-source';
import { InventoryConsumer } from './inventory.consumer';
import { ReorderController } from './reorder.controller';
import { ReorderRepository } from './reorder.repository';
import { ReorderService } from './reorder.service';
import { SupplyTermsConsumer } from './supply-terms.consumer';

/**
 * The reorder module's providers, added to the prediction module. Plans are computed from the
 * published snapshots (FORECAST_SOURCE), falling back to the champion before a snapshot exists.
 */
export const REORDER_PROVIDERS: Provider[] = [
  ReorderRepository,
  ReorderService,
  ReorderController,
  SupplyTermsConsumer,
  InventoryConsumer,
  ChampionForecastSource,
  { provide: FORECAST_SOURCE, useClass: SnapshotForecastSource },
];
