import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { GatewayConfig } from '../config';
import { ApiError } from '../errors/api-error';
import { GATEWAY_CONFIG, GATEWAY_LOGGER } from '../tokens';
import { ISSUER, looksLikeOurToken, signToken, verifyToken } from './jwt';
import { Principal } from './principal';
import { checkPassword, hashPassword, parseUsers, UserRecord } from './users';

export interface SignedIn {
  accessToken: string;
  expiresIn: number;
  user: { username: string; role: string; scopes: string[] };
}

/** Sign-in for people (short-lived HS256 tokens) and the check of every bearer token. */
@Injectable()
export class AuthService {
  private readonly users: Map<string, UserRecord>;
  /** Verifying an unknown user costs the same scrypt as a known one (no user enumeration by timing). */
  private readonly decoy = hashPassword('decoy');

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
  ) {
    const json =
      config.GATEWAY_USERS ??
      (config.GATEWAY_USERS_FILE ? readFileSync(config.GATEWAY_USERS_FILE, 'utf8') : undefined);
    if (!json)
      throw new Error('no users: set GATEWAY_USERS_FILE (a JSON file of users and roles) or GATEWAY_USERS');
    this.users = parseUsers(json);
    logger.info({ users: this.users.size }, 'users loaded');
  }

  signIn(username: string, password: string, nowMs = Date.now()): SignedIn {
    const user = this.users.get(username);
    const ok = checkPassword(password, user?.password ?? this.decoy) && user !== undefined;
    if (!ok) {
      this.logger.info({ username }, 'sign-in refused');
      throw ApiError.unauthenticated('unknown user or wrong password');
    }
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + this.config.GATEWAY_TOKEN_TTL_SECONDS;
    const accessToken = signToken(
      { sub: user.username, role: user.role, scopes: user.scopes, iat, exp, iss: ISSUER },
      this.config.GATEWAY_JWT_SECRET,
    );
    this.logger.info({ username, role: user.role }, 'signed in');
    return {
      accessToken,
      expiresIn: exp - iat,
      user: { username: user.username, role: user.role, scopes: user.scopes },
    };
  }

  /** The principal behind an `Authorization` header value; throws 401 when there is none. */
  authenticate(header: string | undefined, nowMs = Date.now()): Principal {
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!m)
      throw ApiError.unauthenticated(
        'missing bearer token: sign in at POST /api/auth/sign-in or send your API token',
      );
    const token = m[1];
    if (looksLikeOurToken(token)) {
      const check = verifyToken(token, this.config.GATEWAY_JWT_SECRET, Math.floor(nowMs / 1000));
      if (!check.ok) throw ApiError.unauthenticated(`sign-in token refused: ${check.reason}`);
      return {
        kind: 'user',
        username: check.claims.sub,
        role: check.claims.role,
        scopes: check.claims.scopes,
      };
    }
    return { kind: 'forwarded', token };
  }

  /** People: the gateway checks the role's scopes. Forwarded tokens: the gRPC service checks them. */
  authorize(p: Principal, required: string[]): void {
    if (p.kind !== 'user' || p.scopes.includes('admin')) return; // admin holds every scope, as on gRPC
    const missing = required.filter((s) => !p.scopes.includes(s));
    if (missing.length) throw ApiError.forbidden(`role '${p.role}' lacks scope ${missing.join(', ')}`);
  }
}
