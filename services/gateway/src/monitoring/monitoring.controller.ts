import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiStandardErrors } from '../api-docs';
import { Caller } from '../auth/caller.decorator';
import { Principal, RequireScopes } from '../auth/principal';
import { identifier, parse } from '../errors/parse';
import { toSnake } from '../upstream/snake';
import { UpstreamService } from '../upstream/upstream.service';
import { AccuracyDto } from './monitoring.dto';

/** Realised accuracy: MonitoringService over REST. */
@ApiTags('monitoring')
@Controller('api/v1')
export class MonitoringController {
  constructor(private readonly upstream: UpstreamService) {}

  @Get('skus/:sku/accuracy')
  @RequireScopes('forecasts:read')
  @ApiOperation({
    summary: 'Realised accuracy of the forecasts issued for a SKU (MonitoringService.GetAccuracy)',
  })
  @ApiParam({ name: 'sku', description: 'SKU code' })
  @ApiOkResponse({ type: AccuracyDto })
  @ApiStandardErrors(404, 503)
  async accuracy(@Param('sku') sku: string, @Caller() caller: Principal): Promise<AccuracyDto> {
    const id = parse(identifier, sku, 'sku');
    const c = this.upstream.monitoring;
    return toSnake(
      await this.upstream.call('GetAccuracy', c, c.getAccuracy, { sku: id }, caller),
    ) as AccuracyDto;
  }
}
