import { Module } from '@nestjs/common';
import { BusinessEventsConsumer } from './business-events/business-events.consumer';
import { BusinessEventsRepository } from './business-events/business-events.repository';
import { BusinessEventsService } from './business-events/business-events.service';
import { DailySalesRepository } from './daily-aggregates/daily-sales.repository';
import { ReturnsConsumer } from './returns/returns.consumer';
import { ReturnsRepository } from './returns/returns.repository';
import { ReturnsService } from './returns/returns.service';
import { SalesLinesConsumer } from './sales-lines/sales-lines.consumer';
import { SalesLinesService } from './sales-lines/sales-lines.service';
import { SkusConsumer } from './skus/skus.consumer';
import { SkusRepository } from './skus/skus.repository';
import { SkusService } from './skus/skus.service';
import { SupplyTermsConsumer } from './supply-terms/supply-terms.consumer';
import { SupplyTermsRepository } from './supply-terms/supply-terms.repository';
import { SupplyTermsService } from './supply-terms/supply-terms.service';

/** Each capability: consumer (validate + map) → service (logic) → repository (all SQL). */
@Module({
  providers: [
    SalesLinesConsumer,
    SalesLinesService,
    DailySalesRepository,
    ReturnsConsumer,
    ReturnsService,
    ReturnsRepository,
    SkusConsumer,
    SkusService,
    SkusRepository,
    SupplyTermsConsumer,
    SupplyTermsService,
    SupplyTermsRepository,
    BusinessEventsConsumer,
    BusinessEventsService,
    BusinessEventsRepository,
  ],
})
export class IngestionModule {}
