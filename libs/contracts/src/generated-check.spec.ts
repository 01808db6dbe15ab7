import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SCRIPT = resolve(__dirname, '..', 'scripts', 'contracts.js');
const GENERATED = resolve(__dirname, 'gen');

function runCheck(dir: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [SCRIPT, 'check', dir], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('contracts check (generated code vs proto/)', () => {
  let copy: string;

  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'salescast-gen-copy-'));
    cpSync(GENERATED, copy, { recursive: true });
  });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  it('passes on an exact copy of the committed generated code', () => {
    expect(runCheck(copy)).toEqual({ status: 0, stderr: '' });
  }, 30_000);

  it('fails and names the files when generated code was edited, deleted or added by hand', () => {
    appendFileSync(join(copy, 'salescast/events/v1/erp.ts'), '\n// hand edit\n');
    unlinkSync(join(copy, 'salescast/api/v1/forecast_service.ts'));
    writeFileSync(join(copy, 'stray.ts'), 'export {};\n');
    const { status, stderr } = runCheck(copy);
    expect(status).toBe(1);
    expect(stderr).toContain('differs: salescast/events/v1/erp.ts');
    expect(stderr).toContain('missing: salescast/api/v1/forecast_service.ts');
    expect(stderr).toContain('not generated from proto/: stray.ts');
    expect(stderr).toContain('npm run contracts:gen');
  }, 30_000);
});
