import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AccuracyDto {
  @ApiProperty({ description: 'The SKU; empty for an overall figure' }) sku!: string;
  @ApiProperty({ description: 'Mean absolute percentage error of forecasts against actuals, %' })
  mape!: number;
  @ApiProperty({ description: 'Weighted absolute percentage error, %' }) wape!: number;
  @ApiProperty({ description: 'Share of days whose direction of change was forecast right, 0..1' })
  directional_accuracy!: number;
  @ApiProperty({ description: 'Forecast days scored so far (0 = no realised accuracy yet)' }) points!: number;
  @ApiPropertyOptional() rmse?: number;
  @ApiPropertyOptional() mae?: number;
  @ApiPropertyOptional({ description: 'Share of actuals inside the 80 % interval, 0..1' })
  coverage_80?: number;
}

export class AlertDto {
  @ApiProperty() alert_id!: string;
  @ApiProperty({ example: 'drift_detected' }) kind!: string;
  @ApiProperty({ example: 'sku', description: 'sku, category or service' }) scope!: string;
  @ApiProperty({ description: 'The SKU, category or service name' }) scope_key!: string;
  @ApiProperty({ example: 'warning' }) severity!: string;
  @ApiProperty({ example: 'ks_units' }) metric!: string;
  @ApiProperty() value!: number;
  @ApiProperty() threshold!: number;
  @ApiProperty() detail!: string;
  @ApiPropertyOptional({ format: 'date-time' }) raised_at?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Absent while open' }) resolved_at?: string;
}

export class AlertListDto {
  @ApiProperty({ type: [AlertDto], description: 'Newest first' }) alerts!: AlertDto[];
}
