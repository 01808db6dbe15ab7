import { Module } from '@nestjs/common';
import { DailySalesRepository } from './daily-aggregates/daily-sales.repository';
import { SalesLinesHandler } from './sales-lines/sales-lines.handler';

@Module({ providers: [DailySalesRepository, SalesLinesHandler] })
export class IngestionModule {}
