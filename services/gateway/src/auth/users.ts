import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

import { SCOPES, type Scope } from '@salescast/contracts';

/** The scopes are the gRPC services' own (RPC_SCOPES in @salescast/contracts); admin includes the rest. */
export { SCOPES, type Scope };

/** Roles when the file defines none: read-only viewers and planners, and administrators. */
export const DEFAULT_ROLES: Record<string, Scope[]> = {
  viewer: ['forecasts:read'],
  planner: ['forecasts:read'],
  admin: ['forecasts:read', 'training:write', 'admin'],
};

const usersFileSchema = z.object({
  roles: z.record(z.string(), z.array(z.enum(SCOPES))).optional(),
  users: z
    .array(
      z.object({
        username: z.string().min(1),
        role: z.string().min(1),
        /** `scrypt:<salt, base64>:<key, base64>` as printed by `npm run hash-password -w @salescast/gateway`. */
        password: z.string().regex(/^scrypt:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/, 'want scrypt:<salt>:<key>'),
      }),
    )
    .min(1),
});

export interface UserRecord {
  username: string;
  role: string;
  scopes: Scope[];
  password: string;
}

/** Parses the users file; every user's role must exist. Throws a message naming the bad entry. */
export function parseUsers(json: string): Map<string, UserRecord> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`users: not JSON (${(e as Error).message})`);
  }
  const parsed = usersFileSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`users: ${i.path.join('.')}: ${i.message}`);
  }
  const roles = parsed.data.roles ?? DEFAULT_ROLES;
  const users = new Map<string, UserRecord>();
  parsed.data.users.forEach((u, i) => {
    const scopes = roles[u.role];
    if (!scopes)
      throw new Error(
        `users: users.${i}.role: unknown role '${u.role}' (known: ${Object.keys(roles).join(', ')})`,
      );
    if (users.has(u.username)) throw new Error(`users: users.${i}.username: '${u.username}' appears twice`);
    users.set(u.username, { username: u.username, role: u.role, scopes, password: u.password });
  });
  return users;
}

const KEY_LENGTH = 32;

/** `scrypt:<salt>:<key>` for a password (scrypt N=16384, r=8, p=1). */
export function hashPassword(password: string, salt = randomBytes(16)): string {
  const key = scryptSync(password, salt, KEY_LENGTH);
  return `scrypt:${salt.toString('base64')}:${key.toString('base64')}`;
}

/** Constant-time check of a password against its `scrypt:` hash. */
export function checkPassword(password: string, hash: string): boolean {
  const [, salt, key] = hash.split(':');
  const expected = Buffer.from(key, 'base64');
  const got = scryptSync(password, Buffer.from(salt, 'base64'), expected.length);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
