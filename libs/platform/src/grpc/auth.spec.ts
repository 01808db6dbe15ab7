import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyStore, authorize, bearerToken, parseApiKeys } from './auth';

const READER = 'reader-token-0123456789';
const ADMIN = 'admin-token-0123456789ab';
const keys = JSON.stringify([
  { id: 'reader', token: READER, scopes: ['forecasts:read'] },
  { id: 'ops', token: `sha256:${createHash('sha256').update(ADMIN).digest('hex')}`, scopes: ['admin'] },
]);

describe('authorize', () => {
  const store = new ApiKeyStore({ envJson: keys });
  const m = '/salescast.api.v1.TrainingService/StartRun';
  it('refuses a call without a token as UNAUTHENTICATED, saying what it needs', () => {
    const r = authorize(store, [], m, 'training:write');
    expect(r).toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('training:write'),
    });
  });
  it('refuses an unknown token as UNAUTHENTICATED', () =>
    expect(authorize(store, ['Bearer nope-nope-nope-nope'], m, 'training:write')).toMatchObject({
      code: 'UNAUTHENTICATED',
    }));
  it('refuses a known token without the scope as PERMISSION_DENIED', () =>
    expect(authorize(store, [`Bearer ${READER}`], m, 'training:write')).toMatchObject({
      ok: false,
      code: 'PERMISSION_DENIED',
      message: expect.stringContaining("key 'reader'"),
    }));
  it('accepts the scope, and admin for every scope (stored as a SHA-256)', () => {
    expect(authorize(store, [`Bearer ${READER}`], m, 'forecasts:read')).toMatchObject({ ok: true });
    expect(authorize(store, [`bearer ${ADMIN}`], m, 'training:write')).toMatchObject({
      ok: true,
      principal: { id: 'ops' },
    });
  });
  it('reads only Bearer values', () => {
    expect(bearerToken(['Basic abc', 'Bearer xyz'])).toBe('xyz');
    expect(bearerToken(['Bearer'])).toBeUndefined();
  });
});

describe('ApiKeyStore', () => {
  it('names the bad entry of a key list', () => {
    expect(() => parseApiKeys('[{"id":"a","token":"short","scopes":["admin"]}]', 'GRPC_API_KEYS')).toThrow(
      /GRPC_API_KEYS: 0\.token: a token has at least 16/,
    );
    expect(() => parseApiKeys('[{"id":"a","token":"0123456789abcdefg","scopes":["root"]}]', 'f')).toThrow(
      /0\.scopes\.0/,
    );
  });
  it('takes a rotated key file without a restart, and keeps the old keys when the new file is broken', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.json');
    writeFileSync(file, keys);
    const store = new ApiKeyStore({ file });
    expect(store.lookup(READER)?.id).toBe('reader');
    const rotated = 'rotated-token-0123456789';
    writeFileSync(file, JSON.stringify([{ id: 'reader-2', token: rotated, scopes: ['forecasts:read'] }]));
    expect(store.reload()).toBe(true);
    expect(store.lookup(READER)).toBeUndefined();
    expect(store.lookup(rotated)?.id).toBe('reader-2');
    writeFileSync(file, '{ not json');
    expect(store.reload()).toBe(false);
    expect(store.lookup(rotated)?.id).toBe('reader-2');
  });
});
