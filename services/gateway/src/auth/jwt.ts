import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a sign-in token says about its holder. */
export interface TokenClaims {
  /** The user name. */
  sub: string;
  role: string;
  scopes: string[];
  /** Issued at / expires at, seconds since the epoch. */
  iat: number;
  exp: number;
  iss: string;
}

export const ISSUER = 'salescast-gateway';

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** A compact JWT signed with HMAC-SHA256 (RFC 7519 / 7518 §3.2). Pure apart from the clock it is given. */
export function signToken(claims: TokenClaims, secret: string): string {
  const body = `${HEADER}.${b64url(JSON.stringify(claims))}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: string };

/** True when `token` has the shape of a JWT issued by this gateway (three parts, our header). */
export function looksLikeOurToken(token: string): boolean {
  return token.split('.').length === 3 && token.startsWith(`${HEADER}.`);
}

/** Checks the signature (constant time), the issuer and the expiry at `nowSeconds`. */
export function verifyToken(token: string, secret: string, nowSeconds: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'not a gateway token' };
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad signature' };
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return { ok: false, reason: 'unreadable claims' };
  }
  if (claims.iss !== ISSUER) return { ok: false, reason: 'wrong issuer' };
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  if (!Array.isArray(claims.scopes)) return { ok: false, reason: 'no scopes' };
  return { ok: true, claims };
}
