import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiStandardErrors } from '../api-docs';
import { Caller } from '../auth/caller.decorator';
import { Principal, RequireScopes } from '../auth/principal';
import { identifier, listOfInts, oneString, parse } from '../errors/parse';
import { toSnake } from '../upstream/snake';
import { UpstreamService } from '../upstream/upstream.service';
import { ForecastDto } from './forecast.dto';

const forecastQuery = z.object({
  horizon_days: oneString
    .regex(/^\d{1,4}$/, 'want a whole number of days')
    .transform(Number)
    .optional(),
  levels: listOfInts,
});

/** Forecasts of one SKU: ForecastService over REST. */
@ApiTags('forecasts')
@Controller('api/v1/skus')
export class ForecastsController {
  constructor(private readonly upstream: UpstreamService) {}

  @Get(':sku/forecast')
  @RequireScopes('forecasts:read')
  @ApiOperation({ summary: 'The current forecast of a SKU (ForecastService.GetForecast)' })
  @ApiParam({ name: 'sku', description: 'SKU code' })
  @ApiQuery({
    name: 'horizon_days',
    required: false,
    description: 'Days ahead (1..366); default 28',
    schema: { type: 'integer', minimum: 1, maximum: 366 },
  })
  @ApiQuery({
    name: 'levels',
    required: false,
    description: 'Interval levels in percent, e.g. 80,95 (default 80 and 95)',
    schema: { type: 'string', pattern: '^\\d{1,2}(,\\d{1,2})*$' },
  })
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
    const res = await this.upstream.call(
      'GetForecast',
      f,
      f.getForecast,
      { sku: id, horizonDays: q.horizon_days ?? 28, levels: q.levels.length ? q.levels : [80, 95] },
      caller,
    );
    return toSnake(res) as ForecastDto;
  }
}
