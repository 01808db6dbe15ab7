import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ForecastIntervalDto {
  @ApiProperty({ description: 'Nominal coverage in percent', example: 80 }) level!: number;
  @ApiProperty({ description: 'Lower bound, units' }) lower!: number;
  @ApiProperty({ description: 'Upper bound, units' }) upper!: number;
}

export class ForecastPointDto {
  @ApiProperty({ description: 'First day of the bucket (ISO date)', example: '2024-11-24' }) date!: string;
  @ApiPropertyOptional({ description: 'Last day of the bucket (weekly/monthly)' }) end_date?: string;
  @ApiPropertyOptional({ description: 'Days in the bucket' }) days?: number;
  @ApiProperty({ description: 'Point forecast, expected units' }) mean!: number;
  @ApiProperty({ type: [ForecastIntervalDto], description: 'One interval per level, ascending' })
  intervals!: ForecastIntervalDto[];
}

export class ForecastDto {
  @ApiProperty({ example: 'SKU-0001' }) sku!: string;
  @ApiProperty({ description: 'Model version that produced the forecast' }) model_version_id!: string;
  @ApiProperty({ example: 'ensemble' }) model_name!: string;
  @ApiProperty({ description: 'Last observed day the forecast is conditioned on', example: '2024-11-23' })
  origin_date!: string;
  @ApiProperty({ type: [ForecastPointDto] }) points!: ForecastPointDto[];
  @ApiPropertyOptional({ description: 'The snapshot served' }) snapshot_id?: string;
  @ApiPropertyOptional({ format: 'date-time' }) published_at?: string;
  @ApiPropertyOptional({ description: 'Category from the SKU master; empty when unknown' }) category?: string;
  @ApiPropertyOptional({ enum: ['GRANULARITY_DAILY', 'GRANULARITY_WEEKLY', 'GRANULARITY_MONTHLY'] })
  granularity?: string;
}

export class DailySeriesDto {
  @ApiProperty({ example: 'SKU-0001' }) sku!: string;
  @ApiPropertyOptional({ description: 'Day of the first value (ISO date); absent when the SKU has no sales' })
  start_date?: string;
  @ApiProperty({ type: [Number], description: 'Units sold per day, net of nothing (returns are separate)' })
  quantities!: number[];
  @ApiProperty({ type: [Number], description: 'Revenue per day' }) revenues!: number[];
  @ApiProperty({ type: [Number], description: 'Units returned per day' }) returned_quantities!: number[];
}

export class SkuPageDto {
  @ApiProperty({ type: [String], description: 'SKU codes, ascending' }) skus!: string[];
  @ApiProperty({ description: 'Pass as page_token for the next page; empty on the last page' })
  next_page_token!: string;
}

export class AggregateForecastDto {
  @ApiProperty({ description: 'The category; empty for the total' }) category!: string;
  @ApiProperty({
    enum: ['AGGREGATION_METHOD_SUM_OF_SKUS', 'AGGREGATION_METHOD_RECONCILED'],
    description: 'How the SKUs were combined',
  })
  method!: string;
  @ApiProperty({ description: 'SKUs in the aggregate' }) sku_count!: number;
  @ApiProperty() origin_date!: string;
  @ApiProperty({ type: [ForecastPointDto] }) points!: ForecastPointDto[];
  @ApiProperty({ enum: ['GRANULARITY_DAILY', 'GRANULARITY_WEEKLY', 'GRANULARITY_MONTHLY'] })
  granularity!: string;
  @ApiProperty({ description: 'SKUs left out (no forecast for the whole horizon)' }) skus_left_out!: number;
  @ApiProperty({ description: 'How to read the intervals of this aggregate' }) note!: string;
}

export class ForecastListDto {
  @ApiProperty({ type: [ForecastDto], description: 'The latest forecast of each SKU, ascending by SKU' })
  forecasts!: ForecastDto[];
  @ApiProperty({ description: 'Pass as page_token for the next page; empty on the last page' })
  next_page_token!: string;
}
