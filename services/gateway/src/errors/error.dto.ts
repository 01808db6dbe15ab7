import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorDetailDto {
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ example: 'invalid_argument' }) code!: string;
  @ApiProperty({ example: 'horizon_days: must be between 1 and 366 (got 0)' }) message!: string;
  @ApiPropertyOptional({ example: 'horizon_days', description: 'The request field at fault' }) field?: string;
}

export class ErrorDto {
  @ApiProperty({ type: ErrorDetailDto }) error!: ErrorDetailDto;
}
