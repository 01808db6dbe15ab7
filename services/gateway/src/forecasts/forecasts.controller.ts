import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { api } from '@salescast/contracts';
import { z } from 'zod';
import { ApiStandardErrors } from '../api-docs';
import { Caller } from '../auth/caller.decorator';
import { Principal, RequireScopes } from '../auth/principal';
import { identifier, listOfInts, oneString, parse } from '../errors/parse';
import { toSnake } from '../upstream/snake';
import { UpstreamService } from '../upstream/upstream.service';
import { AggregateForecastDto, ForecastDto, ForecastListDto } from './forecast.dto';

const GRANULARITY: Record<string, api.Granularity> = {
  daily: api.Granularity.GRANULARITY_DAILY,
  weekly: api.Granularity.GRANULARITY_WEEKLY,
  monthly: api.Granularity.GRANULARITY_MONTHLY,
};

const forecastQuery = z.object({
  horizon_days: oneString
    .regex(/^\d{1,4}$/, 'want a whole number of days')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 366, 'must be between 1 and 366')
    .optional(),
  levels: listOfInts.refine(
    (ls) => ls.every((l) => l >= 1 && l <= 99),
    'each level must be between 1 and 99',
  ),
  granularity: z.enum(['daily', 'weekly', 'monthly'], { error: 'want daily, weekly or monthly' }).optional(),
});
const listQuery = forecastQuery.extend({
  category: oneString.max(200).optional(),
  page_size: oneString
    .regex(/^\d{1,5}$/, 'want a whole number')
    .transform(Number)
    .optional(),
  page_token: oneString.max(200).optional(),
});

/** The gRPC request fields shared by every forecast call, with the REST defaults. */
function common(q: z.infer<typeof forecastQuery>) {
  return {
    horizonDays: q.horizon_days ?? 28,
    levels: q.levels.length ? q.levels : [80, 95],
    granularity: q.granularity ? GRANULARITY[q.granularity] : undefined,
  };
}

const forecastDto = (f: api.GetForecastResponse): ForecastDto =>
  toSnake({ ...f, granularity: api.Granularity[f.granularity] }) as ForecastDto;

const QUERY_DOCS = [
  ApiQuery({
    name: 'horizon_days',
    required: false,
    description: 'Days ahead (1..366); default 28',
    schema: { type: 'integer', minimum: 1, maximum: 366 },
  }),
  ApiQuery({
    name: 'levels',
    required: false,
    description: 'Interval levels in percent, e.g. 80,95 (default 80 and 95)',
    schema: { type: 'string', pattern: '^\\d{1,2}(,\\d{1,2})*$' },
  }),
  ApiQuery({
    name: 'granularity',
    required: false,
    description: 'daily (default), weekly (ISO weeks) or monthly buckets',
    schema: { type: 'string', enum: ['daily', 'weekly', 'monthly'] },
  }),
];
const withQueryDocs = (): MethodDecorator => (t, k, d) => QUERY_DOCS.forEach((q) => q(t, k, d));

/** Forecasts of a SKU, of a category, of the total, and the list: ForecastService over REST. */
@ApiTags('forecasts')
@Controller('api/v1')
export class ForecastsController {
  constructor(private readonly upstream: UpstreamService) {}

  @Get('skus/:sku/forecast')
  @RequireScopes('forecasts:read')
  @ApiOperation({ summary: 'The current forecast of a SKU (ForecastService.GetForecast)' })
  @ApiParam({ name: 'sku', description: 'SKU code' })
  @withQueryDocs()
  @ApiOkResponse({ type: ForecastDto })
  @ApiStandardErrors(404, 503)
  async forecast(
    @Param('sku') sku: string,
    @Query() query: unknown,
    @Caller() caller: Principal,
  ): Promise<ForecastDto> {
    const id = parse(identifier, sku, 'sku');
    const q = parse(forecastQuery, query);
    const f = this.upstream.forecasts;
    return forecastDto(
      await this.upstream.call('GetForecast', f, f.getForecast, { sku: id, ...common(q) }, caller),
    );
  }

  @Get('forecasts')
  @RequireScopes('forecasts:read')
  @ApiOperation({
    summary:
      'The latest forecast of every SKU, or of one category, a page at a time (ForecastService.ListForecasts)',
  })
  @ApiQuery({
    name: 'category',
    required: false,
    description: 'Only this category; empty = every SKU',
    schema: { type: 'string' },
  })
  @ApiQuery({ name: 'page_size', required: false, schema: { type: 'integer', minimum: 0, maximum: 1000 } })
  @ApiQuery({ name: 'page_token', required: false, schema: { type: 'string' } })
  @withQueryDocs()
  @ApiOkResponse({ type: ForecastListDto })
  @ApiStandardErrors(503)
  async list(@Query() query: unknown, @Caller() caller: Principal): Promise<ForecastListDto> {
    const q = parse(listQuery, query);
    const f = this.upstream.forecasts;
    const pages = await this.upstream.collect(
      'ListForecasts',
      f,
      f.listForecasts,
      { ...common(q), category: q.category ?? '', pageSize: q.page_size ?? 0, pageToken: q.page_token ?? '' },
      caller,
    );
    return {
      forecasts: pages.flatMap((p) => p.forecasts.map(forecastDto)),
      next_page_token: pages.at(-1)?.nextPageToken ?? '',
    };
  }

  @Get('categories/:category/forecast')
  @RequireScopes('forecasts:read')
  @ApiOperation({ summary: 'The forecast of a category (ForecastService.GetAggregateForecast)' })
  @ApiParam({ name: 'category', description: 'Category from the SKU master' })
  @withQueryDocs()
  @ApiOkResponse({ type: AggregateForecastDto })
  @ApiStandardErrors(404, 503)
  async category(
    @Param('category') category: string,
    @Query() query: unknown,
    @Caller() caller: Principal,
  ): Promise<AggregateForecastDto> {
    const name = parse(z.string().min(1, 'required').max(200), category, 'category');
    return this.aggregate(name, parse(forecastQuery, query), caller);
  }

  @Get('total/forecast')
  @RequireScopes('forecasts:read')
  @ApiOperation({
    summary: 'The forecast of the whole business (ForecastService.GetAggregateForecast, no category)',
  })
  @withQueryDocs()
  @ApiOkResponse({ type: AggregateForecastDto })
  @ApiStandardErrors(404, 503)
  async total(@Query() query: unknown, @Caller() caller: Principal): Promise<AggregateForecastDto> {
    return this.aggregate('', parse(forecastQuery, query), caller);
  }

  private async aggregate(
    category: string,
    q: z.infer<typeof forecastQuery>,
    caller: Principal,
  ): Promise<AggregateForecastDto> {
    const f = this.upstream.forecasts;
    const res = await this.upstream.call(
      'GetAggregateForecast',
      f,
      f.getAggregateForecast,
      { category, ...common(q) },
      caller,
    );
    return toSnake({
      ...res,
      method: api.AggregationMethod[res.method],
      granularity: api.Granularity[res.granularity],
    }) as AggregateForecastDto;
  }
}
