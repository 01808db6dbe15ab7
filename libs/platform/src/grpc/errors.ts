import { Metadata, status } from '@grpc/grpc-js';

/** An error with a gRPC status code; thrown by handlers, mapped onto the wire by `unary()`. */
export class GrpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'GrpcError';
  }
}

/** INVALID_ARGUMENT naming the field, e.g. `horizon_days: must be between 1 and 366 (got 0)`. */
export const invalidArgument = (field: string, problem: string) =>
  new GrpcError(status.INVALID_ARGUMENT, `${field}: ${problem}`, field);
export const notFound = (what: string) => new GrpcError(status.NOT_FOUND, what);
export const failedPrecondition = (what: string) => new GrpcError(status.FAILED_PRECONDITION, what);
export const unauthenticated = (what: string) => new GrpcError(status.UNAUTHENTICATED, what);
export const permissionDenied = (what: string) => new GrpcError(status.PERMISSION_DENIED, what);
export const unavailable = (what: string) => new GrpcError(status.UNAVAILABLE, what);

export function errorMetadata(err: GrpcError): Metadata {
  const md = new Metadata();
  if (err.field) md.set('x-invalid-field', err.field);
  return md;
}
