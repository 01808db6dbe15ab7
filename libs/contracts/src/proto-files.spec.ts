import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSync } from '@grpc/proto-loader';
import * as api from './gen/index.salescast.api.v1';
import { API_PROTO_FILES, apiProtoPaths, PROTO_ROOT } from './proto-files';

describe('proto files for gRPC loaders and reflection', () => {
  it('lists every API .proto under PROTO_ROOT', () => {
    const onDisk = readdirSync(join(PROTO_ROOT, 'salescast', 'api', 'v1')).map(
      (file) => `salescast/api/v1/${file}`,
    );
    expect([...API_PROTO_FILES].sort()).toEqual(onDisk.sort());
  });

  it('loads with @grpc/proto-loader into the same method paths as the generated service definitions', () => {
    const definition = loadSync(apiProtoPaths(), { includeDirs: [PROTO_ROOT] });
    const generated = {
      'salescast.api.v1.ForecastService': api.ForecastServiceService,
      'salescast.api.v1.FeatureService': api.FeatureServiceService,
      'salescast.api.v1.TrainingService': api.TrainingServiceService,
      'salescast.api.v1.MonitoringService': api.MonitoringServiceService,
    };
    for (const [serviceName, service] of Object.entries(generated)) {
      const loaded = definition[serviceName] as Record<string, { path: string }>;
      expect(
        Object.values(loaded)
          .map((method) => method.path)
          .sort(),
      ).toEqual(
        Object.values(service)
          .map((method) => method.path)
          .sort(),
      );
    }
  });
});
