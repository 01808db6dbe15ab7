import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiStandardErrors } from '../api-docs';
import { Caller } from '../auth/caller.decorator';
import { Principal, RequireScopes } from '../auth/principal';
import { identifier, oneString, parse } from '../errors/parse';
import { toSnake } from '../upstream/snake';
import { UpstreamService } from '../upstream/upstream.service';
import { AccuracyDto, AlertListDto } from './monitoring.dto';

const bool = z.enum(['true', 'false'], { error: 'want true or false' }).transform((v) => v === 'true');
const overallQuery = z.object({
  category: oneString.max(200).optional(),
  top_skus: bool.optional(),
  horizon_bucket: z
    .enum(['1-7', '8-14', '15-28', '29+'], { error: 'want 1-7, 8-14, 15-28 or 29+' })
    .optional(),
  month: oneString.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'want YYYY-MM').optional(),
});
const alertsQuery = z.object({
  open_only: bool.optional(),
  sku: identifier.optional(),
  limit: oneString
    .regex(/^\d{1,4}$/, 'want a whole number')
    .transform(Number)
    .optional(),
});

/** Realised accuracy and alerts: MonitoringService over REST. */
@ApiTags('monitoring')
@Controller('api/v1')
export class MonitoringController {
  constructor(private readonly upstream: UpstreamService) {}

  @Get('skus/:sku/accuracy')
  @RequireScopes('forecasts:read')
  @ApiOperation({ summary: 'Realised accuracy of the forecasts of a SKU (MonitoringService.GetAccuracy)' })
  @ApiParam({ name: 'sku', description: 'SKU code' })
  @ApiOkResponse({ type: AccuracyDto })
  @ApiStandardErrors(404, 503)
  async accuracy(@Param('sku') sku: string, @Caller() caller: Principal): Promise<AccuracyDto> {
    const id = parse(identifier, sku, 'sku');
    const c = this.upstream.monitoring;
    const req = { sku: id, category: '', topSkus: false, horizonBucket: '', month: '' };
    return toSnake(await this.upstream.call('GetAccuracy', c, c.getAccuracy, req, caller)) as AccuracyDto;
  }

  @Get('accuracy')
  @RequireScopes('forecasts:read')
  @ApiOperation({
    summary:
      'Realised accuracy over every SKU, a category or the top 20 % SKUs by revenue (MonitoringService.GetAccuracy)',
  })
  @ApiQuery({ name: 'category', required: false, schema: { type: 'string' } })
  @ApiQuery({
    name: 'top_skus',
    required: false,
    description: 'Only the top 20 % SKUs by revenue',
    schema: { type: 'boolean' },
  })
  @ApiQuery({
    name: 'horizon_bucket',
    required: false,
    schema: { type: 'string', enum: ['1-7', '8-14', '15-28', '29+'] },
  })
  @ApiQuery({
    name: 'month',
    required: false,
    schema: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
  })
  @ApiOkResponse({ type: AccuracyDto })
  @ApiStandardErrors(503)
  async overall(@Query() query: unknown, @Caller() caller: Principal): Promise<AccuracyDto> {
    const q = parse(overallQuery, query);
    const c = this.upstream.monitoring;
    const req = {
      sku: '',
      category: q.category ?? '',
      topSkus: q.top_skus ?? false,
      horizonBucket: q.horizon_bucket ?? '',
      month: q.month ?? '',
    };
    return toSnake(await this.upstream.call('GetAccuracy', c, c.getAccuracy, req, caller)) as AccuracyDto;
  }

  @Get('alerts')
  @RequireScopes('forecasts:read')
  @ApiOperation({ summary: 'Alerts, newest first (MonitoringService.ListAlerts)' })
  @ApiQuery({ name: 'open_only', required: false, schema: { type: 'boolean' } })
  @ApiQuery({ name: 'sku', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 0, maximum: 1000 } })
  @ApiOkResponse({ type: AlertListDto })
  @ApiStandardErrors(503)
  async alerts(@Query() query: unknown, @Caller() caller: Principal): Promise<AlertListDto> {
    const q = parse(alertsQuery, query);
    const c = this.upstream.monitoring;
    const req = { openOnly: q.open_only ?? false, sku: q.sku ?? '', limit: q.limit ?? 50 };
    return toSnake(await this.upstream.call('ListAlerts', c, c.listAlerts, req, caller)) as AlertListDto;
  }
}
