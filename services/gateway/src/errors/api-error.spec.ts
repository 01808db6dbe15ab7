import { Metadata, status } from '@grpc/grpc-js';
import { z } from 'zod';
import { fromGrpc } from './api-error';
import { isoDate, listOfInts, parse } from './parse';

const grpcError = (code: status, details: string, field?: string) => {
  const metadata = new Metadata();
  if (field) metadata.set('x-invalid-field', field);
  return { code, details, metadata };
};

describe('REST errors', () => {
  it('maps an upstream INVALID_ARGUMENT to 400 naming the field the service named', () => {
    expect(
      fromGrpc(grpcError(status.INVALID_ARGUMENT, 'horizon_days: too long', 'horizon_days')).getResponse(),
    ).toEqual({
      error: {
        status: 400,
        code: 'invalid_argument',
        message: 'horizon_days: too long',
        field: 'horizon_days',
      },
    });
  });

  it('maps the other gRPC codes onto their HTTP statuses, and an unknown one onto 502', () => {
    const http = (c: status) => fromGrpc(grpcError(c, 'x')).getStatus();
    expect(
      [
        status.NOT_FOUND,
        status.PERMISSION_DENIED,
        status.UNAUTHENTICATED,
        status.UNAVAILABLE,
        status.UNIMPLEMENTED,
      ].map(http),
    ).toEqual([404, 403, 401, 503, 501]);
    expect(http(status.INTERNAL)).toBe(502);
  });

  it('names the query field at fault when parsing input', () => {
    const schema = z.object({ levels: listOfInts, from_date: isoDate.optional() });
    expect(parse(schema, { levels: ['80,95', '50'] })).toEqual({ levels: [80, 95, 50] });
    const fail = (q: object) => {
      try {
        parse(schema, q);
      } catch (e) {
        return (e as { getResponse(): { error: { field: string } } }).getResponse().error.field;
      }
    };
    expect(fail({ levels: 'x' })).toBe('levels');
    expect(fail({ from_date: '2024-02-30' })).toBe('from_date');
  });
});
