import { Module } from '@nestjs/common';
import { ErpRecordsHandler } from './catalog/erp-records.handler';
import { DailySalesRepository } from './daily-aggregates/daily-sales.repository';
import { ReturnsRepository } from './returns/returns.repository';
import { SalesLinesHandler } from './sales-lines/sales-lines.handler';

@Module({ providers: [DailySalesRepository, SalesLinesHandler, ReturnsRepository, ErpRecordsHandler] })
export class IngestionModule {}
