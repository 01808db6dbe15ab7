import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySync, isRulesFile, planSync, syncDrift } from './helm-sync';

describe('helm:sync (rules and dashboards copied into the chart)', () => {
  let root: string;
  let chart: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'salescast-sync-'));
    chart = join(root, 'helm/salescast');
    write(join(root, 'deploy/prometheus/rules/salescast.yml'), 'groups:\n  - name: g\n    rules: []\n');
    write(
      join(root, 'deploy/prometheus/tests/salescast_test.yml'),
      'rule_files: [../rules/salescast.yml]\ntests: []\n',
    );
    write(join(root, 'deploy/prometheus/prometheus.yml'), 'global:\n  scrape_interval: 15s\n');
    write(join(root, 'deploy/grafana/dashboards/overview.json'), '{"uid":"overview"}');
    write(join(chart, 'files/prometheus/.gitkeep'), '');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('takes rules files (top-level groups) and dashboards, and leaves promtool tests and other YAML out', () => {
    expect(isRulesFile('groups: []\n')).toBe(true);
    expect(isRulesFile('tests: []\n')).toBe(false);
    const plan = planSync(root);
    expect([...plan.files.keys()].sort()).toEqual([
      'files/dashboards/overview.json',
      'files/prometheus/salescast.yml',
    ]);
    expect(plan.sources.get('files/prometheus/salescast.yml')).toBe('deploy/prometheus/rules/salescast.yml');
  });

  test('reports missing, differing and stale copies, and applySync makes the chart equal to its sources', () => {
    const plan = planSync(root);
    expect(syncDrift(plan, chart)).toEqual([
      'missing: files/dashboards/overview.json (from deploy/grafana/dashboards/overview.json)',
      'missing: files/prometheus/salescast.yml (from deploy/prometheus/rules/salescast.yml)',
    ]);
    applySync(plan, chart);
    expect(syncDrift(plan, chart)).toEqual([]);
    expect(readFileSync(join(chart, 'files/prometheus/salescast.yml'), 'utf8')).toContain('name: g');

    write(join(root, 'deploy/grafana/dashboards/overview.json'), '{"uid":"overview","version":2}');
    write(join(chart, 'files/dashboards/old.json'), '{}');
    const next = planSync(root);
    expect(syncDrift(next, chart)).toEqual([
      'differs: files/dashboards/overview.json (from deploy/grafana/dashboards/overview.json)',
      'stale: files/dashboards/old.json (no source any more)',
    ]);
    applySync(next, chart);
    expect(syncDrift(next, chart)).toEqual([]);
    expect(readFileSync(join(chart, 'files/prometheus/.gitkeep'), 'utf8')).toBe('');
  });

  test('refuses two sources that would land on the same file', () => {
    write(join(root, 'deploy/prometheus/more/salescast.yml'), 'groups: []\n');
    expect(() => planSync(root)).toThrow(/would both become files\/prometheus\/salescast\.yml/);
  });
});
