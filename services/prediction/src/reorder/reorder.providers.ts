import { Provider } from '@nestjs/common';
import { ChampionForecastSource, FORECAST_SOURCE } from './forecast-source';
import { InventoryConsumer } from './inventory.consumer';
import { ReorderController } from './reorder.controller';
import { ReorderRepository } from './reorder.repository';
import { ReorderService } from './reorder.service';
import { SupplyTermsConsumer } from './supply-terms.consumer';

/**
 * The reorder module's providers, added to the prediction module. FORECAST_SOURCE is bound to the
 * champion cache; re-point it to the published snapshots once they are stored.
 */
export const REORDER_PROVIDERS: Provider[] = [
  ReorderRepository,
  ReorderService,
  ReorderController,
  SupplyTermsConsumer,
  InventoryConsumer,
  { provide: FORECAST_SOURCE, useClass: ChampionForecastSource },
];
