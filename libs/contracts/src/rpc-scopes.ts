/**
 * The scope each gRPC method needs: the one table every server enforces (libs/platform's auth
 * interceptor) and docs/contracts.md lists. Keys are `<package>.<Service>/<Method>` as in the
 * method's path. A method missing here is refused to everyone but `admin` (fail closed), and
 * rpc-scopes.spec.ts fails, so a new RPC is added with one line:
 *
 *   'salescast.api.v1.TrainingService/Promote': 'admin',
 *
 * `grpc.health.v1.Health` and server reflection need no token (load balancers, grpcurl).
 */
export const SCOPES = ['forecasts:read', 'training:write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const RPC_SCOPES: Readonly<Record<string, Scope>> = {
  'salescast.api.v1.ForecastService/GetForecast': 'forecasts:read',
  'salescast.api.v1.ForecastService/BatchGetForecasts': 'forecasts:read',
  'salescast.api.v1.ForecastService/ListForecasts': 'forecasts:read',
  'salescast.api.v1.ForecastService/GetAggregateForecast': 'forecasts:read',
  'salescast.api.v1.FeatureService/GetDailySeries': 'forecasts:read',
  'salescast.api.v1.FeatureService/ListSkus': 'forecasts:read',
  'salescast.api.v1.TrainingService/StartRun': 'training:write',
  'salescast.api.v1.TrainingService/GetRun': 'forecasts:read',
  'salescast.api.v1.TrainingService/GetModelVersion': 'forecasts:read',
  'salescast.api.v1.TrainingService/ListChampions': 'forecasts:read',
  'salescast.api.v1.TrainingService/ListModelVersions': 'forecasts:read',
  'salescast.api.v1.TrainingService/Promote': 'admin',
  'salescast.api.v1.TrainingService/Rollback': 'admin',
  'salescast.api.v1.TrainingService/ListBusinessEvents': 'forecasts:read',
  'salescast.api.v1.MonitoringService/GetAccuracy': 'forecasts:read',
  'salescast.api.v1.MonitoringService/ListAlerts': 'forecasts:read',
  'salescast.api.v1.ReorderService/GetReorderPlan': 'forecasts:read',
};

/** Services that answer without a token (the path prefix `/<service>/`). */
export const OPEN_SERVICES = [
  'grpc.health.v1.Health',
  'grpc.reflection.v1.ServerReflection',
  'grpc.reflection.v1alpha.ServerReflection',
] as const;

/** The scope a method path (`/pkg.Service/Method`) needs; undefined = open; unknown = admin. */
export function requiredScope(path: string): Scope | undefined {
  const key = path.startsWith('/') ? path.slice(1) : path;
  const service = key.slice(0, key.indexOf('/'));
  if ((OPEN_SERVICES as readonly string[]).includes(service)) return undefined;
  return RPC_SCOPES[key] ?? 'admin';
}
