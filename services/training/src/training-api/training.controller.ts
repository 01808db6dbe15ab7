import { Inject, Injectable } from '@nestjs/common';
import { api } from '@salescast/contracts';
import {
  failedPrecondition,
  GrpcServiceBinding,
  invalidArgument,
  LOGGER,
  METRICS,
  Metrics,
  notFound,
  unary,
} from '@salescast/platform';
import type { Logger } from 'pino';
import { BusinessContext } from '../business-context/business-context';
import { StoredVersion } from '../registry/model-registry.repository';
import { ModelRegistryService, RegistryError } from '../registry/model-registry.service';
import { RunRow } from '../runs/runs.repository';
import { RunsRepository } from '../runs/runs.repository';
import { TrainingRunner } from '../runs/training-runner';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const STATUS: Record<RunRow['status'], api.TrainingRunStatus> = {
  QUEUED: api.TrainingRunStatus.TRAINING_RUN_STATUS_QUEUED,
  RUNNING: api.TrainingRunStatus.TRAINING_RUN_STATUS_RUNNING,
  SUCCEEDED: api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED,
  FAILED: api.TrainingRunStatus.TRAINING_RUN_STATUS_FAILED,
};

export function toApiRun(r: RunRow): api.TrainingRun {
  return {
    runId: r.run_id,
    status: STATUS[r.status],
    skusTotal: r.skus_total,
    skusDone: r.skus_done,
    skusFailed: r.skus_failed,
    startedAt: r.started_at ?? undefined,
    finishedAt: r.finished_at ?? undefined,
    error: r.error,
  };
}

function toApiVersion(v: StoredVersion): api.ModelVersion {
  return {
    modelVersionId: v.model_version_id,
    sku: v.sku,
    modelName: v.model_name,
    modelJson: v.model === undefined ? '' : JSON.stringify(v.model),
    originDate: v.origin_date,
    frequency: v.frequency,
    trainedAt: v.trained_at,
    runId: v.run_id ?? '',
    role: v.is_champion ? api.ModelRole.MODEL_ROLE_CHAMPION : api.ModelRole.MODEL_ROLE_CHALLENGER,
    backtestWape: v.backtest?.wape ?? 0,
    backtestSmape: v.backtest?.smape ?? 0,
    backtestMase: v.backtest?.mase ?? 0,
    gateDecision: v.gate_decision ?? '',
  };
}

const mapRegistryError = (e: unknown): never => {
  if (e instanceof RegistryError)
    throw e.kind === 'not_found' ? notFound(e.message) : failedPrecondition(e.message);
  throw e;
};

/** TrainingService over gRPC: start and follow runs; read registry versions and champions. */
@Injectable()
export class TrainingController {
  constructor(
    private readonly runner: TrainingRunner,
    private readonly runs: RunsRepository,
    private readonly registry: ModelRegistryService,
    private readonly business: BusinessContext,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async startRun(req: api.StartRunRequest): Promise<api.StartRunResponse> {
    req.skus.forEach((s, i) => {
      if (!s.trim()) throw invalidArgument(`skus[${i}]`, 'empty SKU');
    });
    const run = await this.runner.start(req.skus, req.reason || 'manual');
    return { run: toApiRun(run) };
  }

  async getRun(req: api.GetRunRequest): Promise<api.GetRunResponse> {
    if (!UUID.test(req.runId)) throw invalidArgument('run_id', `want a UUID (got '${req.runId}')`);
    const run = await this.runs.get(req.runId);
    if (!run) throw notFound(`no training run '${req.runId}'`);
    return { run: toApiRun(run) };
  }

  async getModelVersion(req: api.GetModelVersionRequest): Promise<api.GetModelVersionResponse> {
    if (!UUID.test(req.modelVersionId))
      throw invalidArgument('model_version_id', `want a UUID (got '${req.modelVersionId}')`);
    const v = await this.registry.version(req.modelVersionId);
    if (!v) throw notFound(`no model version '${req.modelVersionId}'`);
    return { version: toApiVersion(v) };
  }

  async listChampions(req: api.ListChampionsRequest): Promise<api.ListChampionsResponse> {
    const size = Math.min(req.pageSize || 1000, 10_000);
    const rows = await this.registry.champions(req.pageToken ?? '', size + 1);
    const page = rows.slice(0, size);
    return {
      champions: page.map((r) => ({ sku: r.sku, modelVersionId: r.model_version_id })),
      nextPageToken: rows.length > size ? page[page.length - 1].sku : '',
    };
  }

  async listModelVersions(req: api.ListModelVersionsRequest): Promise<api.ListModelVersionsResponse> {
    if (!req.sku?.trim()) throw invalidArgument('sku', 'required');
    const versions = await this.registry.versions(req.sku);
    if (!versions.length) throw notFound(`no model versions for SKU '${req.sku}'`);
    return { versions: versions.map(toApiVersion) };
  }

  async promote(req: api.PromoteRequest): Promise<api.PromoteResponse> {
    if (!UUID.test(req.modelVersionId))
      throw invalidArgument('model_version_id', `want a UUID (got '${req.modelVersionId}')`);
    const r = await this.registry
      .promote(req.modelVersionId, req.reason || 'manual promotion')
      .catch(mapRegistryError);
    return { champion: toApiVersion(r.champion), previousModelVersionId: r.previous ?? '' };
  }

  async rollback(req: api.RollbackRequest): Promise<api.RollbackResponse> {
    if (!req.sku?.trim()) throw invalidArgument('sku', 'required');
    const r = await this.registry.rollback(req.sku, req.reason || 'manual rollback').catch(mapRegistryError);
    return { champion: toApiVersion(r.champion), previousModelVersionId: r.previous };
  }

  async listBusinessEvents(req: api.ListBusinessEventsRequest): Promise<api.ListBusinessEventsResponse> {
    const sku = (req.sku ?? '').trim();
    const category = (req.category ?? '').trim();
    if (sku && category) throw invalidArgument('category', 'give a SKU or a category, not both');
    const found = await this.business.eventsCovering({
      sku: sku || undefined,
      category: category || undefined,
    });
    return {
      events: found.map((e) => ({
        kind: e.kind,
        startsOn: e.startsOn,
        endsOn: e.endsOn ?? '',
        scope: e.scope,
        description: e.description ?? '',
      })),
    };
  }

  binding(): GrpcServiceBinding {
    const deps = { logger: this.logger, metrics: this.metrics };
    const impl: api.TrainingServiceServer = {
      startRun: unary('StartRun', (r) => this.startRun(r), deps),
      getRun: unary('GetRun', (r) => this.getRun(r), deps),
      getModelVersion: unary('GetModelVersion', (r) => this.getModelVersion(r), deps),
      listChampions: unary('ListChampions', (r) => this.listChampions(r), deps),
      listModelVersions: unary('ListModelVersions', (r) => this.listModelVersions(r), deps),
      promote: unary('Promote', (r) => this.promote(r), deps),
      rollback: unary('Rollback', (r) => this.rollback(r), deps),
      listBusinessEvents: unary('ListBusinessEvents', (r) => this.listBusinessEvents(r), deps),
    };
    return {
      name: 'salescast.api.v1.TrainingService',
      definition: api.TrainingServiceService,
      implementation: impl,
    };
  }
}
