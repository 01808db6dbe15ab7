import * as grpc from '@grpc/grpc-js';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { api } from '@salescast/contracts';
import { connect, Metrics } from '@salescast/platform';
import { Principal } from '../auth/principal';
import { GatewayConfig } from '../config';
import { fromGrpc } from '../errors/api-error';
import { GATEWAY_CONFIG, GATEWAY_METRICS } from '../tokens';

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: Partial<grpc.CallOptions>,
  callback: (err: grpc.ServiceError | null, res: Res) => void,
) => grpc.ClientUnaryCall;

/**
 * The gRPC clients of the services behind the gateway, and the one way to call them: with the
 * caller's credentials (its own bearer token, or the gateway's token for a signed-in person), a
 * deadline, and gRPC errors turned into the REST error shape.
 */
@Injectable()
export class UpstreamService implements OnModuleDestroy {
  readonly forecasts: api.ForecastServiceClient;
  readonly features: api.FeatureServiceClient;
  readonly training: api.TrainingServiceClient;
  readonly monitoring: api.MonitoringServiceClient;
  readonly reorder: api.ReorderServiceClient;
  private readonly latency;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_METRICS) metrics: Metrics,
  ) {
    this.forecasts = connect(api.ForecastServiceClient, config.FORECAST_SERVICE_ADDR);
    this.features = connect(api.FeatureServiceClient, config.FEATURE_SERVICE_ADDR);
    this.training = connect(api.TrainingServiceClient, config.TRAINING_SERVICE_ADDR);
    this.monitoring = connect(api.MonitoringServiceClient, config.MONITORING_SERVICE_ADDR);
    this.reorder = connect(
      api.ReorderServiceClient,
      config.REORDER_SERVICE_ADDR ?? config.FORECAST_SERVICE_ADDR,
    );
    this.latency = metrics.histogram(
      'salescast_gateway_upstream_seconds',
      'Upstream gRPC call latency by method and status code',
      ['method', 'code'],
      [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    );
  }

  private metadata(caller: Principal): grpc.Metadata {
    const md = new grpc.Metadata();
    // a system's own token goes through unchanged; for a person (whose scopes the gateway checked)
    // connect()'s interceptor adds the gateway's token, GRPC_CLIENT_TOKEN
    if (caller.kind === 'forwarded') md.set('authorization', `Bearer ${caller.token}`);
    if (caller.kind === 'user') md.set('x-salescast-user', caller.username);
    return md;
  }

  call<Req, Res>(
    name: string,
    client: grpc.Client,
    method: UnaryMethod<Req, Res>,
    request: Req,
    caller: Principal,
  ): Promise<Res> {
    const end = this.latency.startTimer({ method: name });
    return new Promise((resolve, reject) => {
      method.call(
        client,
        request,
        this.metadata(caller),
        { deadline: Date.now() + this.config.GATEWAY_UPSTREAM_TIMEOUT_MS },
        (err, res) => {
          end({ code: err ? grpc.status[err.code] : 'OK' });
          if (err) reject(fromGrpc(err));
          else resolve(res);
        },
      );
    });
  }

  /** A server-streaming call, collected: every message of the stream, in order. */
  collect<Req, Res>(
    name: string,
    client: grpc.Client,
    method: (
      request: Req,
      metadata: grpc.Metadata,
      options: Partial<grpc.CallOptions>,
    ) => grpc.ClientReadableStream<Res>,
    request: Req,
    caller: Principal,
  ): Promise<Res[]> {
    const end = this.latency.startTimer({ method: name });
    return new Promise((resolve, reject) => {
      const out: Res[] = [];
      const stream = method.call(client, request, this.metadata(caller), {
        deadline: Date.now() + this.config.GATEWAY_UPSTREAM_TIMEOUT_MS,
      });
      stream.on('data', (m: Res) => out.push(m));
      stream.on('error', (err: grpc.ServiceError) => {
        end({ code: grpc.status[err.code] });
        reject(fromGrpc(err));
      });
      stream.on('end', () => {
        end({ code: 'OK' });
        resolve(out);
      });
    });
  }

  onModuleDestroy(): void {
    for (const c of [this.forecasts, this.features, this.training, this.monitoring, this.reorder]) c.close();
  }
}
