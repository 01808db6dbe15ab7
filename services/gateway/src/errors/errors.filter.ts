import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { ApiError, ErrorBody, fromGrpc, isGrpcError } from './api-error';

const CODES: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** Every error leaves in the one shape of `ErrorBody`, whoever threw it (Nest, express, gRPC, us). */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(e: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(e);
    if (res.headersSent) return; // an event stream that already started
    res.status(body.error.status).json(body);
  }

  private toBody(e: unknown): ErrorBody {
    if (e instanceof ApiError) return e.getResponse();
    if (isGrpcError(e)) return fromGrpc(e).getResponse();
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const r = e.getResponse();
      const message =
        typeof r === 'string' ? r : String((r as { message?: unknown }).message ?? e.message ?? 'error');
      // the router's own 404 ("Cannot GET /x") is a missing route, not a missing thing
      const code =
        status === 404 && /^Cannot [A-Z]+ /.test(message)
          ? 'no_such_route'
          : (CODES[status] ?? (status >= 500 ? 'internal' : 'error'));
      return { error: { status, code, message } };
    }
    this.logger.error({ err: e }, 'unhandled error');
    return { error: { status: 500, code: 'internal', message: 'internal error' } };
  }
}
