import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * The one JSON shape of every error the gateway returns:
 *   { "error": { "status": 400, "code": "invalid_argument", "message": "horizon_days: …", "field": "horizon_days" } }
 * `field` names the request field at fault (query, path or body), when there is one.
 */
export interface ErrorBody {
  error: { status: number; code: string; message: string; field?: string };
}

/** An error the gateway answers with; ErrorsFilter writes it (no Nest here: pure and unit-tested). */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  getStatus(): number {
    return this.httpStatus;
  }

  getResponse(): ErrorBody {
    return {
      error: {
        status: this.httpStatus,
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
      },
    };
  }

  static invalid(field: string, problem: string): ApiError {
    return new ApiError(400, 'invalid_argument', `${field}: ${problem}`, field);
  }
  static unauthenticated(message: string): ApiError {
    return new ApiError(401, 'unauthenticated', message);
  }
  static forbidden(message: string): ApiError {
    return new ApiError(403, 'permission_denied', message);
  }
}

/** gRPC status → HTTP status and error code (google.rpc.Code's documented HTTP mapping). */
const GRPC_TO_HTTP: Partial<Record<GrpcStatus, [number, string]>> = {
  [GrpcStatus.INVALID_ARGUMENT]: [400, 'invalid_argument'],
  [GrpcStatus.OUT_OF_RANGE]: [400, 'out_of_range'],
  [GrpcStatus.FAILED_PRECONDITION]: [409, 'failed_precondition'],
  [GrpcStatus.UNAUTHENTICATED]: [401, 'unauthenticated'],
  [GrpcStatus.PERMISSION_DENIED]: [403, 'permission_denied'],
  [GrpcStatus.NOT_FOUND]: [404, 'not_found'],
  [GrpcStatus.ALREADY_EXISTS]: [409, 'already_exists'],
  [GrpcStatus.ABORTED]: [409, 'aborted'],
  [GrpcStatus.RESOURCE_EXHAUSTED]: [429, 'resource_exhausted'],
  [GrpcStatus.CANCELLED]: [499, 'cancelled'],
  [GrpcStatus.UNIMPLEMENTED]: [501, 'not_implemented'],
  [GrpcStatus.UNAVAILABLE]: [503, 'unavailable'],
  [GrpcStatus.DEADLINE_EXCEEDED]: [504, 'deadline_exceeded'],
};

/** snake_case proto field names are also the REST names, so an upstream field maps one to one. */
export function fromGrpc(e: {
  code: number;
  details?: string;
  metadata?: { get(k: string): unknown[] };
}): ApiError {
  const [http, code] = GRPC_TO_HTTP[e.code as GrpcStatus] ?? [502, 'upstream_error'];
  const field = e.metadata?.get('x-invalid-field')?.[0];
  return new ApiError(
    http,
    code,
    e.details || GrpcStatus[e.code] || 'upstream error',
    field ? String(field) : undefined,
  );
}

export function isGrpcError(
  e: unknown,
): e is { code: number; details: string; metadata: { get(k: string): unknown[] } } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'number' &&
    'details' in e
  );
}
