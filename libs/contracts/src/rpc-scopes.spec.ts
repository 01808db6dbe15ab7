import { api } from './index';
import { requiredScope, RPC_SCOPES } from './rpc-scopes';

/** Every RPC of every generated service definition, as `<package>.<Service>/<Method>`. */
function everyRpc(): string[] {
  const paths: string[] = [];
  for (const [name, value] of Object.entries(api))
    if (name.endsWith('Service') && value && typeof value === 'object')
      for (const m of Object.values(value as Record<string, { path?: string }>))
        if (typeof m?.path === 'string') paths.push(m.path.slice(1));
  return paths;
}

describe('RPC_SCOPES', () => {
  it('declares a scope for every RPC of every API service (add one line per new RPC)', () => {
    const rpcs = everyRpc();
    expect(rpcs.length).toBeGreaterThanOrEqual(11);
    expect(rpcs.filter((r) => !(r in RPC_SCOPES))).toEqual([]);
  });
  it('lists no RPC that does not exist', () => {
    const rpcs = new Set(everyRpc());
    expect(Object.keys(RPC_SCOPES).filter((r) => !rpcs.has(r))).toEqual([]);
  });
  it('leaves health and reflection open and asks admin for an undeclared method', () => {
    expect(requiredScope('/grpc.health.v1.Health/Check')).toBeUndefined();
    expect(requiredScope('/grpc.reflection.v1.ServerReflection/ServerReflectionInfo')).toBeUndefined();
    expect(requiredScope('/salescast.api.v1.ForecastService/GetForecast')).toBe('forecasts:read');
    expect(requiredScope('/salescast.api.v1.TrainingService/StartRun')).toBe('training:write');
    expect(requiredScope('/salescast.api.v1.NoSuch/Thing')).toBe('admin');
  });
});
