import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Standard gRPC tools, pinned: what the e2e tests and `npm run bench:serve` call. */
export const GO_TOOLS = {
  grpcurl: 'github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.4',
  ghz: 'github.com/bojand/ghz/cmd/ghz@v0.93.0',
} as const;

function goBin(): string {
  try {
    const gobin = execFileSync('go', ['env', 'GOBIN'], { encoding: 'utf8' }).trim();
    if (gobin) return gobin;
    return join(execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim().split(':')[0], 'bin');
  } catch {
    return join(homedir(), 'go', 'bin');
  }
}

/**
 * The path of a pinned Go tool: on PATH, or in the Go bin directory, or installed there now with
 * `go install <module>@<version>` (needs Go and the module proxy).
 */
export function ensureGoTool(name: keyof typeof GO_TOOLS): string {
  for (const dir of (process.env.PATH ?? '').split(':'))
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  const installed = join(goBin(), name);
  if (existsSync(installed)) return installed;
  execFileSync('go', ['install', GO_TOOLS[name]], { stdio: 'inherit' });
  if (!existsSync(installed)) throw new Error(`go install ${GO_TOOLS[name]} did not produce ${installed}`);
  return installed;
}
