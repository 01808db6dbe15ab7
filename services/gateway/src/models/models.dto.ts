import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ModelVersionDto {
  @ApiProperty() model_version_id!: string;
  @ApiProperty() sku!: string;
  @ApiProperty({ example: 'ensemble' }) model_name!: string;
  @ApiProperty({ description: 'Last day of the training data' }) origin_date!: string;
  @ApiProperty({ example: 'daily' }) frequency!: string;
  @ApiPropertyOptional({ format: 'date-time' }) trained_at?: string;
  @ApiProperty({ description: 'Training run that produced it' }) run_id!: string;
  @ApiPropertyOptional({ description: 'The serialised fitted model (only with include=model_json)' })
  model_json?: string;
  @ApiPropertyOptional({ description: 'Backtest WAPE, %' }) backtest_wape?: number;
  @ApiPropertyOptional() backtest_smape?: number;
  @ApiPropertyOptional() backtest_mase?: number;
  @ApiPropertyOptional({ description: 'What the champion gate decided' }) gate_decision?: string;
}

export class ModelVersionListDto {
  @ApiProperty({ type: [ModelVersionDto], description: 'Newest first' }) versions!: ModelVersionDto[];
}

export class ChampionDto {
  @ApiProperty() sku!: string;
  @ApiProperty() model_version_id!: string;
}

export class ChampionPageDto {
  @ApiProperty({ type: [ChampionDto] }) champions!: ChampionDto[];
  @ApiProperty({ description: 'Pass as page_token for the next page; empty on the last page' })
  next_page_token!: string;
}

export class TrainingRunDto {
  @ApiProperty() run_id!: string;
  @ApiProperty({
    enum: [
      'TRAINING_RUN_STATUS_UNSPECIFIED',
      'TRAINING_RUN_STATUS_QUEUED',
      'TRAINING_RUN_STATUS_RUNNING',
      'TRAINING_RUN_STATUS_SUCCEEDED',
      'TRAINING_RUN_STATUS_FAILED',
    ],
  })
  status!: string;
  @ApiProperty() skus_total!: number;
  @ApiProperty() skus_done!: number;
  @ApiProperty() skus_failed!: number;
  @ApiPropertyOptional({ format: 'date-time' }) started_at?: string;
  @ApiPropertyOptional({ format: 'date-time' }) finished_at?: string;
  @ApiProperty() error!: string;
}

export class StartRunDto {
  @ApiPropertyOptional({ type: [String], description: 'SKUs to train; empty = every SKU' }) skus?: string[];
  @ApiPropertyOptional({ description: 'Why (shown in the run history)', example: 'new promotion calendar' })
  reason?: string;
}
