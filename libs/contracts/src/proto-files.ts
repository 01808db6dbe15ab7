import { join, resolve } from 'node:path';

/**
 * Absolute path of the repository's `proto/` directory, the include root for
 * `@grpc/proto-loader` and gRPC server reflection. Resolved from this file, which sits one
 * level below `libs/contracts` both as `src/proto-files.ts` and as `dist/proto-files.js`; a
 * container image must therefore ship `proto/` next to `libs/`.
 */
export const PROTO_ROOT = resolve(__dirname, '..', '..', '..', 'proto');

/** The API `.proto` files, relative to PROTO_ROOT (what a gRPC server loads for reflection). */
export const API_PROTO_FILES = [
  'salescast/api/v1/feature_service.proto',
  'salescast/api/v1/forecast_service.proto',
  'salescast/api/v1/monitoring_service.proto',
  'salescast/api/v1/training_service.proto',
] as const;

/** Absolute paths of API_PROTO_FILES. */
export function apiProtoPaths(): string[] {
  return API_PROTO_FILES.map((file) => join(PROTO_ROOT, file));
}

/**
 * The binary FileDescriptorSet of proto/ (every file, its imports and the well-known types, with
 * comments), written by `npm run contracts:gen` (`buf build`). Resolved to `src/gen` from both
 * `src/` and `dist/`, so it is read in place and never copied by the build.
 */
export const DESCRIPTOR_SET_PATH = resolve(__dirname, '..', 'src', 'gen', 'descriptors.binpb');

/** The .proto file that declares a salescast API service, e.g. `salescast.api.v1.ForecastService` → `salescast/api/v1/forecast_service.proto`. */
export function protoFileOfService(fullName: string): string {
  const parts = fullName.split('.');
  const service = parts.pop() ?? '';
  const snake = service.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return `${parts.join('/')}/${snake}.proto`;
}
