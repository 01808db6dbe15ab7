import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuthService } from './auth.service';
import { PRINCIPAL, PUBLIC_KEY, SCOPES_KEY, WithPrincipal } from './principal';

/** Every route needs a bearer token and its scopes unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & WithPrincipal>();
    const principal = this.auth.authenticate(req.headers.authorization);
    this.auth.authorize(principal, this.reflector.getAllAndOverride<string[]>(SCOPES_KEY, targets) ?? []);
    req[PRINCIPAL] = principal;
    return true;
  }
}
