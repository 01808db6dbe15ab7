import { ISSUER, looksLikeOurToken, signToken, verifyToken } from './jwt';
import { checkPassword, hashPassword, parseUsers } from './users';

const SECRET = 'x'.repeat(32);
const claims = { sub: 'ann', role: 'planner', scopes: ['forecasts:read'], iat: 1000, exp: 1900, iss: ISSUER };

describe('sign-in tokens', () => {
  it('verifies its own token until it expires', () => {
    const t = signToken(claims, SECRET);
    expect(looksLikeOurToken(t)).toBe(true);
    expect(verifyToken(t, SECRET, 1899)).toEqual({ ok: true, claims });
    expect(verifyToken(t, SECRET, 1900)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another key, or with claims changed after signing', () => {
    const t = signToken(claims, SECRET);
    expect(verifyToken(t, 'y'.repeat(32), 1500)).toMatchObject({ ok: false, reason: 'bad signature' });
    const [h, , s] = t.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, scopes: ['admin'] })).toString('base64url');
    expect(verifyToken(`${h}.${forged}.${s}`, SECRET, 1500)).toMatchObject({
      ok: false,
      reason: 'bad signature',
    });
  });

  it('tells other bearer tokens (API tokens to forward) from its own', () => {
    expect(looksLikeOurToken('sk_live_abc')).toBe(false);
    expect(looksLikeOurToken('a.b.c')).toBe(false);
  });
});

describe('users file', () => {
  const hash = hashPassword('s3cret');

  it('checks passwords against their scrypt hash', () => {
    expect(checkPassword('s3cret', hash)).toBe(true);
    expect(checkPassword('s3cret ', hash)).toBe(false);
  });

  it('gives each user the scopes of its role, from the file or the defaults', () => {
    const users = parseUsers(JSON.stringify({ users: [{ username: 'ann', role: 'admin', password: hash }] }));
    expect(users.get('ann')?.scopes).toEqual(['forecasts:read', 'training:write', 'admin']);
    const custom = parseUsers(
      JSON.stringify({
        roles: { buyer: ['forecasts:read'] },
        users: [{ username: 'bo', role: 'buyer', password: hash }],
      }),
    );
    expect(custom.get('bo')?.scopes).toEqual(['forecasts:read']);
  });

  it('names the bad entry: unknown role, unknown scope, clear-text password, duplicates', () => {
    const file = (u: object, roles?: object) => JSON.stringify({ roles, users: [u] });
    expect(() => parseUsers(file({ username: 'a', role: 'boss', password: hash }))).toThrow(
      /users\.0\.role: unknown role 'boss'/,
    );
    expect(() => parseUsers(file({ username: 'a', role: 'r', password: hash }, { r: ['root'] }))).toThrow(
      /roles\.r\.0/,
    );
    expect(() => parseUsers(file({ username: 'a', role: 'admin', password: 'plain' }))).toThrow(
      /users\.0\.password/,
    );
    const dup = JSON.stringify({
      users: [1, 2].map(() => ({ username: 'a', role: 'admin', password: hash })),
    });
    expect(() => parseUsers(dup)).toThrow(/users\.1\.username: 'a' appears twice/);
    expect(() => parseUsers('{')).toThrow(/not JSON/);
  });
});
