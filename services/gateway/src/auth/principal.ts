import { SetMetadata } from '@nestjs/common';
import type { Scope } from './users';

/**
 * Who is calling: a person signed in at the gateway (its token checked here, its role's scopes
 * known), or a system presenting its own bearer token, forwarded unchanged to the gRPC services
 * which check it there (the same tokens and scopes as on gRPC).
 */
export type Principal =
  { kind: 'user'; username: string; role: string; scopes: string[] } | { kind: 'forwarded'; token: string };

export const SCOPES_KEY = 'salescast:scopes';
export const PUBLIC_KEY = 'salescast:public';

/** The scopes a route needs (all of them). */
export const RequireScopes = (...scopes: Scope[]) => SetMetadata(SCOPES_KEY, scopes);
/** A route anyone may call (sign-in, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The request property the guard stores the principal in. */
export const PRINCIPAL = Symbol('principal');
export type WithPrincipal = { [PRINCIPAL]?: Principal };
