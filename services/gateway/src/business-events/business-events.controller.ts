import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiStandardErrors } from '../api-docs';
import { Caller } from '../auth/caller.decorator';
import { Principal, RequireScopes } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { identifier, oneString, parse } from '../errors/parse';
import { toSnake } from '../upstream/snake';
import { UpstreamService } from '../upstream/upstream.service';
import { BusinessEventDto, BusinessEventListDto } from './business-events.dto';

const eventsQuery = z.object({
  sku: identifier.optional(),
  category: oneString.min(1, 'required when given').max(200).optional(),
});

/** Shutdowns, reopenings and promotions the models are told about: TrainingService over REST. */
@ApiTags('business events')
@Controller('api/v1')
export class BusinessEventsController {
  constructor(private readonly upstream: UpstreamService) {}

  @Get('business-events')
  @RequireScopes('forecasts:read')
  @ApiOperation({
    summary:
      'Declared shutdowns, reopenings and promotions (erp.business-events.v1), all or those covering a SKU or a category (TrainingService.ListBusinessEvents)',
  })
  @ApiQuery({
    name: 'sku',
    required: false,
    description: 'Only events covering this SKU',
    schema: { type: 'string' },
  })
  @ApiQuery({
    name: 'category',
    required: false,
    description: 'Only events covering this category',
    schema: { type: 'string' },
  })
  @ApiOkResponse({ type: BusinessEventListDto })
  @ApiStandardErrors(501, 503)
  async list(@Query() query: unknown, @Caller() caller: Principal): Promise<BusinessEventListDto> {
    const q = parse(eventsQuery, query);
    if (q.sku && q.category) throw ApiError.invalid('category', 'give sku or category, not both');
    const t = this.upstream.training;
    const res = await this.upstream.call(
      'ListBusinessEvents',
      t,
      t.listBusinessEvents,
      { sku: q.sku ?? '', category: q.category ?? '' },
      caller,
    );
    return { events: res.events.map((e) => toSnake(e) as BusinessEventDto) };
  }
}
