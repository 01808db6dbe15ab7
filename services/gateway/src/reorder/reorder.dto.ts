import { ApiProperty } from '@nestjs/swagger';

/** One SKU's reorder plan, as ReorderService.GetReorderPlan computes it (docs/planning.md). */
export class ReorderPlanDto {
  @ApiProperty({ example: 'SKU-0001' }) sku!: string;
  @ApiProperty({ description: 'Supplier from the supply terms; empty without terms' }) supplier!: string;
  @ApiProperty({
    description: 'What to do',
    enum: ['order now', 'order later', 'no order needed', 'stock unknown', 'no supply terms', 'no forecast'],
  })
  status!: string;
  @ApiProperty({
    description: 'Day of the stock figures the plan starts from (ISO date)',
    example: '2024-11-23',
  })
  as_of_date!: string;
  @ApiProperty({ description: 'Lead time, days' }) lead_time_days!: number;
  @ApiProperty({ description: 'Review period used, days' }) review_days!: number;
  @ApiProperty({ description: 'Minimum order quantity, units' }) moq!: number;
  @ApiProperty({ description: 'Pack size, units' }) pack_size!: number;
  @ApiProperty({ description: 'Units on hand at the end of as_of_date' }) on_hand!: number;
  @ApiProperty({ description: 'Units on order at the end of as_of_date' }) on_order!: number;
  @ApiProperty({ description: 'Expected demand over lead time + review period, units' })
  protection_demand!: number;
  @ApiProperty({ description: 'Service-level quantile of demand over lead time + review period, units' })
  reorder_point!: number;
  @ApiProperty({ description: 'reorder_point - protection_demand, units' }) safety_stock!: number;
  @ApiProperty({
    description: 'Units to order (MOQ and pack size applied); with unknown stock, the typical order',
  })
  order_quantity!: number;
  @ApiProperty({ description: 'Latest day to place the order (ISO date); empty when none is due' })
  order_by_date!: string;
  @ApiProperty({
    description: 'P(stock-out before the next order could arrive) if the plan is followed, 0..1',
  })
  stockout_risk!: number;
  @ApiProperty({ description: 'The same without ordering now, 0..1' }) stockout_risk_without_order!: number;
  @ApiProperty({ description: 'Cycle service level used, 0..1' }) service_level!: number;
  @ApiProperty({ description: 'Forecast snapshot (or model version) the plan was computed from' })
  forecast_id!: string;
  @ApiProperty({ description: 'Last observed day of that forecast (ISO date)' })
  forecast_origin_date!: string;
}

export class ReorderPlanListDto {
  @ApiProperty({
    type: [ReorderPlanDto],
    description: 'One plan per SKU: in the order asked, or ascending by SKU for a category or supplier',
  })
  plans!: ReorderPlanDto[];
}
