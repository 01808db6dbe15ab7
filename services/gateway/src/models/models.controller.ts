import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { api } from '@salescast/contracts';
import { z } from 'zod';
import { ApiStandardErrors } from '../api-docs';
import { Caller } from '../auth/caller.decorator';
import { Principal, RequireScopes } from '../auth/principal';
import { identifier, oneString, parse } from '../errors/parse';
import { toSnake } from '../upstream/snake';
import { UpstreamService } from '../upstream/upstream.service';
import {
  ChampionPageDto,
  ModelVersionDto,
  ModelVersionListDto,
  StartRunDto,
  TrainingRunDto,
} from './models.dto';

const pageQuery = z.object({
  page_size: oneString
    .regex(/^\d{1,5}$/, 'want a whole number')
    .transform(Number)
    .optional(),
  page_token: oneString.max(200).optional(),
});
const versionQuery = z.object({
  include: z.literal('model_json', { error: "want 'model_json'" }).optional(),
});
const startRunBody = z.object({
  skus: z.array(identifier).max(100_000).optional(),
  reason: z.string().max(500).optional(),
});

const run = (r: api.TrainingRun | undefined): TrainingRunDto =>
  toSnake({ ...r, status: api.TrainingRunStatus[r?.status ?? 0] }) as TrainingRunDto;

/** Model versions, champions and training runs: TrainingService over REST. */
@ApiTags('models')
@Controller('api/v1')
export class ModelsController {
  constructor(private readonly upstream: UpstreamService) {}

  @Get('champions')
  @RequireScopes('forecasts:read')
  @ApiOperation({
    summary: 'The champion model version of every SKU, a page at a time (TrainingService.ListChampions)',
  })
  @ApiQuery({ name: 'page_size', required: false, schema: { type: 'integer', minimum: 0, maximum: 10000 } })
  @ApiQuery({ name: 'page_token', required: false, schema: { type: 'string' } })
  @ApiOkResponse({ type: ChampionPageDto })
  @ApiStandardErrors(503)
  async champions(@Query() query: unknown, @Caller() caller: Principal): Promise<ChampionPageDto> {
    const q = parse(pageQuery, query);
    const c = this.upstream.training;
    const res = await this.upstream.call(
      'ListChampions',
      c,
      c.listChampions,
      { pageSize: q.page_size ?? 0, pageToken: q.page_token ?? '' },
      caller,
    );
    return toSnake(res) as ChampionPageDto;
  }

  @Get('model-versions/:id')
  @RequireScopes('forecasts:read')
  @ApiOperation({ summary: 'One immutable model version (TrainingService.GetModelVersion)' })
  @ApiParam({ name: 'id', description: 'model_version_id' })
  @ApiQuery({ name: 'include', required: false, schema: { type: 'string', enum: ['model_json'] } })
  @ApiOkResponse({ type: ModelVersionDto })
  @ApiStandardErrors(404, 503)
  async version(
    @Param('id') id: string,
    @Query() query: unknown,
    @Caller() caller: Principal,
  ): Promise<ModelVersionDto> {
    const versionId = parse(identifier, id, 'id');
    const q = parse(versionQuery, query);
    const c = this.upstream.training;
    const { version } = await this.upstream.call(
      'GetModelVersion',
      c,
      c.getModelVersion,
      { modelVersionId: versionId },
      caller,
    );
    const dto = toSnake(version) as ModelVersionDto;
    if (q.include !== 'model_json') delete dto.model_json;
    return dto;
  }

  @Get('skus/:sku/model-versions')
  @RequireScopes('forecasts:read')
  @ApiOperation({ summary: 'Every model version of a SKU, newest first (TrainingService.ListModelVersions)' })
  @ApiParam({ name: 'sku', description: 'SKU code' })
  @ApiOkResponse({ type: ModelVersionListDto })
  @ApiStandardErrors(404, 503)
  async versions(@Param('sku') sku: string, @Caller() caller: Principal): Promise<ModelVersionListDto> {
    const id = parse(identifier, sku, 'sku');
    const c = this.upstream.training;
    const res = await this.upstream.call('ListModelVersions', c, c.listModelVersions, { sku: id }, caller);
    return {
      versions: res.versions.map((v) => {
        const d = toSnake(v) as ModelVersionDto;
        delete d.model_json;
        return d;
      }),
    };
  }

  @Get('runs/:id')
  @RequireScopes('forecasts:read')
  @ApiOperation({ summary: 'A training run and its progress (TrainingService.GetRun)' })
  @ApiParam({ name: 'id', description: 'run_id' })
  @ApiOkResponse({ type: TrainingRunDto })
  @ApiStandardErrors(404, 503)
  async getRun(@Param('id') id: string, @Caller() caller: Principal): Promise<TrainingRunDto> {
    const runId = parse(identifier, id, 'id');
    const c = this.upstream.training;
    return run((await this.upstream.call('GetRun', c, c.getRun, { runId }, caller)).run);
  }

  @Post('runs')
  @HttpCode(202)
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'Start a training run (TrainingService.StartRun); needs training:write' })
  @ApiBody({ type: StartRunDto, required: false })
  @ApiResponse({ status: 202, type: TrainingRunDto, description: 'The run, queued' })
  @ApiStandardErrors(503)
  async startRun(@Body() body: unknown, @Caller() caller: Principal): Promise<TrainingRunDto> {
    const b = parse(startRunBody, body);
    const c = this.upstream.training;
    return run(
      (
        await this.upstream.call(
          'StartRun',
          c,
          c.startRun,
          { skus: b.skus ?? [], reason: b.reason ?? 'rest' },
          caller,
        )
      ).run,
    );
  }
}
