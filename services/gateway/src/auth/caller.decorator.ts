import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Principal, PRINCIPAL, WithPrincipal } from './principal';

/** The principal the AuthGuard established for this request. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const p = ctx.switchToHttp().getRequest<WithPrincipal>()[PRINCIPAL];
  if (!p) throw new Error('no principal: route is @Public() but asks for the caller');
  return p;
});
