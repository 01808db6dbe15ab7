import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { ErrorDto } from './errors/error.dto';

/** The error responses every authenticated route can give, in the one error shape. */
export const ApiStandardErrors = (...extra: number[]) =>
  applyDecorators(
    ApiBearerAuth(),
    ApiResponse({ status: 400, description: 'Invalid input; error.field names the field', type: ErrorDto }),
    ApiResponse({ status: 401, description: 'No or bad bearer token', type: ErrorDto }),
    ApiResponse({ status: 403, description: 'The token lacks a scope the route needs', type: ErrorDto }),
    ...extra.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorDto }),
    ),
  );

const DESCRIPTIONS: Record<number, string> = {
  404: 'Not found (unknown SKU, run or version)',
  409: 'The upstream state does not allow it yet',
  501: 'The service behind this route does not offer it in this deployment',
  503: 'The service behind this route is unreachable',
};
