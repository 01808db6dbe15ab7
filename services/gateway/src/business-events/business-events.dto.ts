import { ApiProperty } from '@nestjs/swagger';

export class BusinessEventDto {
  @ApiProperty({ enum: ['shutdown', 'reopening', 'promotion'] }) kind!: string;
  @ApiProperty({ description: 'First day, inclusive (ISO date)', example: '2024-11-15' }) starts_on!: string;
  @ApiProperty({ description: 'Last day, inclusive (ISO date); empty = open-ended' }) ends_on!: string;
  @ApiProperty({ description: 'all, category:<category> or sku:<sku>', example: 'all' }) scope!: string;
  @ApiProperty() description!: string;
}

export class BusinessEventListDto {
  @ApiProperty({ type: [BusinessEventDto], description: 'Ascending by first day' })
  events!: BusinessEventDto[];
}
