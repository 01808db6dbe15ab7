import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiStandardErrors } from '../api-docs';
import { Caller } from '../auth/caller.decorator';
import { Principal, RequireScopes } from '../auth/principal';
import { identifier, isoDate, oneString, parse } from '../errors/parse';
import { DailySeriesDto, SkuPageDto } from '../forecasts/forecast.dto';
import { toSnake } from '../upstream/snake';
import { UpstreamService } from '../upstream/upstream.service';

const pageQuery = z.object({
  page_size: oneString
    .regex(/^\d{1,5}$/, 'want a whole number')
    .transform(Number)
    .optional(),
  page_token: oneString.max(200).optional(),
});
const historyQuery = z.object({ from_date: isoDate.optional(), to_date: isoDate.optional() });

/** SKUs and their daily history: FeatureService over REST. */
@ApiTags('skus')
@Controller('api/v1/skus')
export class SkusController {
  constructor(private readonly upstream: UpstreamService) {}

  @Get()
  @RequireScopes('forecasts:read')
  @ApiOperation({ summary: 'SKU codes with a daily series, a page at a time (FeatureService.ListSkus)' })
  @ApiQuery({ name: 'page_size', required: false, schema: { type: 'integer', minimum: 0, maximum: 10000 } })
  @ApiQuery({ name: 'page_token', required: false, schema: { type: 'string' } })
  @ApiOkResponse({ type: SkuPageDto })
  @ApiStandardErrors(503)
  async list(@Query() query: unknown, @Caller() caller: Principal): Promise<SkuPageDto> {
    const q = parse(pageQuery, query);
    const c = this.upstream.features;
    const res = await this.upstream.call(
      'ListSkus',
      c,
      c.listSkus,
      { pageSize: q.page_size ?? 0, pageToken: q.page_token ?? '' },
      caller,
    );
    return toSnake(res) as SkuPageDto;
  }

  @Get(':sku/history')
  @RequireScopes('forecasts:read')
  @ApiOperation({ summary: 'Daily units, revenue and returns of a SKU (FeatureService.GetDailySeries)' })
  @ApiParam({ name: 'sku', description: 'SKU code' })
  @ApiQuery({ name: 'from_date', required: false, schema: { type: 'string', format: 'date' } })
  @ApiQuery({ name: 'to_date', required: false, schema: { type: 'string', format: 'date' } })
  @ApiOkResponse({ type: DailySeriesDto })
  @ApiStandardErrors(404, 503)
  async history(
    @Param('sku') sku: string,
    @Query() query: unknown,
    @Caller() caller: Principal,
  ): Promise<DailySeriesDto> {
    const id = parse(identifier, sku, 'sku');
    const q = parse(historyQuery, query);
    const c = this.upstream.features;
    const res = await this.upstream.call(
      'GetDailySeries',
      c,
      c.getDailySeries,
      { sku: id, fromDate: q.from_date ?? '', toDate: q.to_date ?? '' },
      caller,
    );
    return toSnake(res) as DailySeriesDto;
  }
}
