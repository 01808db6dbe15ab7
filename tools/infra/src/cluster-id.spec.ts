import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const INFRA = join(__dirname, '..', 'infra.sh');

describe('infra.sh cluster-id', () => {
  it('draws KRaft cluster ids that the storage tool cannot take for an option (never a leading -)', () => {
    // 300 draws in one shell: with one id in 64 starting with '-', an unguarded generator fails this
    // test 99 % of the time.
    const out = execFileSync('bash', ['-c', `for i in $(seq 300); do bash "${INFRA}" cluster-id; done`], {
      encoding: 'utf8',
    });
    const ids = out.trim().split('\n');
    expect(ids).toHaveLength(300);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(300);
  });
});
