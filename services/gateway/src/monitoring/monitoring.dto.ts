import { ApiProperty } from '@nestjs/swagger';

export class AccuracyDto {
  @ApiProperty({ example: 'SKU-0001' }) sku!: string;
  @ApiProperty({ description: 'Mean absolute percentage error of issued forecasts against actuals, %' })
  mape!: number;
  @ApiProperty({ description: 'Weighted absolute percentage error, %' }) wape!: number;
  @ApiProperty({ description: 'Share of days whose direction of change was forecast right, 0..1' })
  directional_accuracy!: number;
  @ApiProperty({ description: 'Forecast days scored so far (0 = no realised accuracy yet)' }) points!: number;
}
