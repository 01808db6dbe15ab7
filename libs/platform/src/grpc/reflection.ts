import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { DESCRIPTOR_SET_PATH } from '@salescast/contracts';
import { protoPath as HEALTH_PROTO_PATH } from 'grpc-health-check';
import { readFileSync } from 'node:fs';

/** Name of the standard health service, served (and listed by reflection) on every gRPC server. */
export const HEALTH_SERVICE = 'grpc.health.v1.Health';

/**
 * Splits a binary FileDescriptorSet (`repeated FileDescriptorProto file = 1`) into the encoded
 * FileDescriptorProto of each file, without decoding them.
 */
export function descriptorSetFiles(set: Uint8Array): Uint8Array[] {
  const files: Uint8Array[] = [];
  let i = 0;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (i >= set.length) throw new Error('descriptor set: truncated varint');
      const b = set[i++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  while (i < set.length) {
    const tag = varint();
    if (tag !== ((1 << 3) | 2)) throw new Error(`descriptor set: unexpected tag ${tag} at byte ${i}`);
    const len = varint();
    if (i + len > set.length) throw new Error('descriptor set: truncated file');
    files.push(set.subarray(i, i + len));
    i += len;
  }
  return files;
}

let cachedFiles: Uint8Array[] | undefined;

/**
 * Adds server reflection (v1 and v1alpha) to `server`, listing exactly `services` and
 * `grpc.health.v1.Health`. Files come from the FileDescriptorSet `buf build` wrote (the real
 * file names and imports, google/protobuf well-known types included, with comments), so grpcurl
 * can `describe` and call every method without .proto files. (@grpc/reflection fed by
 * proto-loader regroups files by package and drops their imports: grpcurl then cannot resolve
 * google.protobuf.Timestamp.)
 */
export function addReflection(server: grpc.Server, services: string[]): void {
  cachedFiles ??= descriptorSetFiles(readFileSync(DESCRIPTOR_SET_PATH));
  const health = protoLoader.loadSync(HEALTH_PROTO_PATH, { keepCase: true });
  const packageDefinition = {
    ...health,
    'salescast.descriptors': { fileDescriptorProtos: cachedFiles },
  } as unknown as protoLoader.PackageDefinition;
  new ReflectionService(packageDefinition, { services: [...services, HEALTH_SERVICE] }).addToServer(server);
}
