import { createHash } from 'node:crypto';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { Logger } from 'pino';
import { z } from 'zod';
import { SCOPES, type Scope } from '@salescast/contracts';

/**
 * Scopes a bearer token can carry (declared per RPC in @salescast/contracts' RPC_SCOPES). `admin`
 * includes every other scope.
 *
 * - `forecasts:read`: every read (forecasts, series, model versions, runs, accuracy);
 * - `training:write`: starting training runs;
 * - `admin`: everything, including promotion and rollback of models.
 */
export { SCOPES, type Scope };

/** One API key: who it is (for logs), the token (or its SHA-256 as `sha256:<hex>`), its scopes. */
export const apiKeySchema = z.object({
  id: z.string().min(1),
  token: z.string().min(16, 'a token has at least 16 characters'),
  scopes: z.array(z.enum(SCOPES)).min(1),
});
export type ApiKey = z.infer<typeof apiKeySchema>;
const apiKeysSchema = z.array(apiKeySchema);

/** Who called: the key's id and scopes. */
export interface Principal {
  id: string;
  scopes: ReadonlySet<Scope>;
}

export type AuthResult =
  | { ok: true; principal: Principal }
  | { ok: false; code: 'UNAUTHENTICATED' | 'PERMISSION_DENIED'; message: string };

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Parses the JSON list of API keys (`[{"id","token","scopes"}]`); the error names the bad entry. */
export function parseApiKeys(json: string, source: string): ApiKey[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`${source}: not JSON (${(e as Error).message})`);
  }
  const parsed = apiKeysSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * The API keys a server accepts, by the SHA-256 of their token (so a lookup costs one hash and
 * no token is compared character by character). Keys come from `GRPC_API_KEYS` (JSON) and/or the
 * file `GRPC_API_KEYS_FILE` (the same JSON, e.g. a mounted Kubernetes secret). The file is watched:
 * a rotated key takes effect within `pollMs` without a restart; a file that stops parsing keeps
 * the previous keys and logs why.
 */
export class ApiKeyStore {
  private byHash = new Map<string, Principal>();
  private envKeys: ApiKey[] = [];
  private fileKeys: ApiKey[] = [];
  private watching = false;

  constructor(
    private readonly opts: { envJson?: string; file?: string; logger?: Logger; pollMs?: number } = {},
  ) {
    if (opts.envJson) this.envKeys = parseApiKeys(opts.envJson, 'GRPC_API_KEYS');
    if (opts.file) this.fileKeys = parseApiKeys(readFileSync(opts.file, 'utf8'), opts.file);
    this.rebuild();
  }

  get size(): number {
    return this.byHash.size;
  }

  /** Starts watching the key file (if any). */
  watch(): this {
    const file = this.opts.file;
    if (!file || this.watching) return this;
    this.watching = true;
    watchFile(file, { interval: this.opts.pollMs ?? 1000, persistent: false }, () => this.reload());
    return this;
  }

  /** Re-reads the key file now; keeps the previous keys when it cannot be read or parsed. */
  reload(): boolean {
    const file = this.opts.file;
    if (!file) return false;
    try {
      this.fileKeys = parseApiKeys(readFileSync(file, 'utf8'), file);
      this.rebuild();
      this.opts.logger?.info({ file, keys: this.byHash.size }, 'API keys reloaded');
      return true;
    } catch (e) {
      this.opts.logger?.error({ file, err: (e as Error).message }, 'API key file not reloaded; keeping the previous keys');
      return false;
    }
  }

  close(): void {
    if (this.watching && this.opts.file) unwatchFile(this.opts.file);
    this.watching = false;
  }

  /** The principal of a bearer token, or undefined for an unknown one. */
  lookup(token: string): Principal | undefined {
    return this.byHash.get(sha256(token).toString('hex'));
  }

  private rebuild(): void {
    const next = new Map<string, Principal>();
    for (const k of [...this.envKeys, ...this.fileKeys]) {
      const hash = k.token.startsWith('sha256:') ? k.token.slice(7).toLowerCase() : sha256(k.token).toString('hex');
      next.set(hash, { id: k.id, scopes: new Set(k.scopes) });
    }
    this.byHash = next;
  }
}

/** Reads `authorization: Bearer <token>` from gRPC metadata values. */
export function bearerToken(values: readonly (string | Buffer)[]): string | undefined {
  for (const v of values) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(String(v));
    if (m) return m[1];
  }
  return undefined;
}

/** Does the principal hold `scope` (directly, or through admin)? */
export function hasScope(p: Principal, scope: Scope): boolean {
  return p.scopes.has(scope) || p.scopes.has('admin');
}

/**
 * The authorisation decision for one call: no or unknown token → UNAUTHENTICATED; a known token
 * without the method's scope → PERMISSION_DENIED. Pure apart from the key lookup.
 */
export function authorize(
  keys: Pick<ApiKeyStore, 'lookup'>,
  authorization: readonly (string | Buffer)[],
  method: string,
  required: Scope,
): AuthResult {
  const token = bearerToken(authorization);
  if (!token)
    return {
      ok: false,
      code: 'UNAUTHENTICATED',
      message: `${method} needs a bearer token (metadata "authorization: Bearer <token>") with scope ${required}`,
    };
  const principal = keys.lookup(token);
  if (!principal) return { ok: false, code: 'UNAUTHENTICATED', message: 'unknown or revoked token' };
  if (!hasScope(principal, required))
    return {
      ok: false,
      code: 'PERMISSION_DENIED',
      message: `${method} needs scope ${required}; key '${principal.id}' has ${[...principal.scopes].join(', ')}`,
    };
  return { ok: true, principal };
}
