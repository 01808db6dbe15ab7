import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { api } from '@salescast/contracts';
import { ApiStandardErrors } from '../api-docs';
import { Caller } from '../auth/caller.decorator';
import { Principal, RequireScopes } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { toSnake } from '../upstream/snake';
import { UpstreamService } from '../upstream/upstream.service';
import { ReorderPlanDto, ReorderPlanListDto } from './reorder.dto';
import { MAX_SKUS, parsePlanQuery } from './reorder-query';

/**
 * Reorder plans: ReorderService over REST. A category is resolved to its SKUs with
 * ForecastService.ListForecasts (the SKUs that have a forecast); the plans themselves are the
 * prediction service's, unchanged.
 */
@ApiTags('reorder')
@Controller('api/v1')
export class ReorderController {
  constructor(private readonly upstream: UpstreamService) {}

  @Get('reorder-plan')
  @RequireScopes('forecasts:read')
  @ApiOperation({
    summary:
      'What to order, by when, and the stock-out risk with and without the order, per SKU (ReorderService.GetReorderPlan). Give exactly one of sku, category or supplier.',
  })
  @ApiQuery({
    name: 'sku',
    required: false,
    description: 'SKU codes, comma-separated or repeated (at most 1000)',
    schema: { type: 'string' },
  })
  @ApiQuery({
    name: 'category',
    required: false,
    description: 'Every SKU of this category that has a forecast',
    schema: { type: 'string' },
  })
  @ApiQuery({
    name: 'supplier',
    required: false,
    description: 'Every SKU whose supply terms name this supplier',
    schema: { type: 'string' },
  })
  @ApiQuery({
    name: 'service_level',
    required: false,
    description: 'Cycle service level, between 0 and 1; default 0.95',
    schema: { type: 'number', minimum: 0, maximum: 1, exclusiveMinimum: true, exclusiveMaximum: true },
  })
  @ApiQuery({
    name: 'review_days',
    required: false,
    description: 'Review period for SKUs whose supply terms have none (1..365); default 7',
    schema: { type: 'integer', minimum: 1, maximum: 365 },
  })
  @ApiOkResponse({ type: ReorderPlanListDto })
  @ApiStandardErrors(404, 501, 503)
  async plan(@Query() query: unknown, @Caller() caller: Principal): Promise<ReorderPlanListDto> {
    const q = parsePlanQuery(query);
    const skus = q.by === 'category' ? await this.skusOf(q.category as string, caller) : q.sku;
    if (q.by === 'category' && !skus.length) return { plans: [] };
    const r = this.upstream.reorder;
    const res = await this.upstream.call(
      'GetReorderPlan',
      r,
      r.getReorderPlan,
      {
        skus,
        supplier: q.supplier ?? '',
        serviceLevel: q.service_level ?? 0,
        reviewDays: q.review_days ?? 0,
      },
      caller,
    );
    return { plans: res.plans.map((p) => toSnake(p) as ReorderPlanDto) };
  }

  /** The SKUs of a category that have a forecast, ascending (a plan needs one). */
  private async skusOf(category: string, caller: Principal): Promise<string[]> {
    const f = this.upstream.forecasts;
    const pages = await this.upstream.collect(
      'ListForecasts',
      f,
      f.listForecasts,
      {
        category,
        horizonDays: 1,
        levels: [],
        granularity: api.Granularity.GRANULARITY_DAILY,
        pageSize: MAX_SKUS,
        pageToken: '',
      },
      caller,
    );
    const skus = pages.flatMap((p) => p.forecasts.map((x) => x.sku));
    if (skus.length > MAX_SKUS)
      throw ApiError.invalid('category', `more than ${MAX_SKUS} SKUs: ask by supplier or name the SKUs`);
    return skus;
  }
}
