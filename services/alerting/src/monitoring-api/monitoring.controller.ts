import { Inject, Injectable } from '@nestjs/common';
import { api } from '@salescast/contracts';
import { GrpcServiceBinding, invalidArgument, LOGGER, METRICS, Metrics, unary } from '@salescast/platform';
import type { Logger } from 'pino';
import { AccuracyService } from '../accuracy/accuracy.service';

const orZero = (v: number) => (Number.isFinite(v) ? v : 0);

/** MonitoringService over gRPC: realised accuracy of a SKU's issued forecasts. */
@Injectable()
export class MonitoringController {
  constructor(
    private readonly accuracy: AccuracyService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async getAccuracy(req: api.GetAccuracyRequest): Promise<api.GetAccuracyResponse> {
    if (!req.sku?.trim()) throw invalidArgument('sku', 'required (overall accuracy is not served yet)');
    const a = await this.accuracy.accuracy(req.sku);
    return {
      sku: req.sku,
      mape: orZero(a.mape),
      wape: orZero(a.wape),
      directionalAccuracy: orZero(a.directionalAccuracy),
      points: a.points,
    };
  }

  binding(): GrpcServiceBinding {
    const deps = { logger: this.logger, metrics: this.metrics };
    const impl: api.MonitoringServiceServer = {
      getAccuracy: unary('GetAccuracy', (r) => this.getAccuracy(r), deps),
    };
    return {
      name: 'salescast.api.v1.MonitoringService',
      definition: api.MonitoringServiceService,
      implementation: impl,
    };
  }
}
