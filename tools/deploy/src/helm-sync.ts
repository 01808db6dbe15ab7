import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse } from 'yaml';
import { CHART_DIR, REPO_ROOT } from './paths';

/**
 * Helm reads only files inside the chart, so the alert rules (deploy/prometheus) and the Grafana
 * dashboards (deploy/grafana/dashboards) are copied into helm/salescast/files/. This module plans
 * the copy, writes it (`npm run helm:sync`) and checks it (`npm run helm:sync -- --check`, CI).
 */

export interface SyncPlan {
  /** chart-relative path (files/prometheus/x.yml) -> content. */
  files: Map<string, string>;
  /** Source of each planned file, repository-relative, for messages. */
  sources: Map<string, string>;
}

const TARGETS = ['files/prometheus', 'files/dashboards'] as const;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

/** A Prometheus rules file has a top-level `groups:` list (promtool test files have `tests:` instead). */
export function isRulesFile(text: string): boolean {
  const doc: unknown = parse(text);
  return typeof doc === 'object' && doc !== null && Array.isArray((doc as { groups?: unknown }).groups);
}

export function planSync(root = REPO_ROOT): SyncPlan {
  const files = new Map<string, string>();
  const sources = new Map<string, string>();
  const add = (target: string, source: string, content: string): void => {
    const earlier = sources.get(target);
    if (earlier)
      throw new Error(`${relative(root, source)} and ${earlier} would both become ${target}: rename one`);
    files.set(target, content);
    sources.set(target, relative(root, source));
  };
  for (const path of walk(join(root, 'deploy/prometheus'))) {
    if (!/\.ya?ml$/.test(path)) continue;
    const text = readFileSync(path, 'utf8');
    if (isRulesFile(text)) add(`files/prometheus/${basename(path)}`, path, text);
  }
  for (const path of walk(join(root, 'deploy/grafana/dashboards'))) {
    if (path.endsWith('.json')) add(`files/dashboards/${basename(path)}`, path, readFileSync(path, 'utf8'));
  }
  return { files, sources };
}

/** What the chart holds now under the synced folders (chart-relative path -> content). */
export function currentCopies(chartDir = CHART_DIR): Map<string, string> {
  const found = new Map<string, string>();
  for (const target of TARGETS) {
    for (const path of walk(join(chartDir, target))) {
      if (basename(path) === '.gitkeep') continue;
      found.set(relative(chartDir, path), readFileSync(path, 'utf8'));
    }
  }
  return found;
}

/** Differences between the plan and the chart, as lines a person can act on; empty when in sync. */
export function syncDrift(plan: SyncPlan, chartDir = CHART_DIR): string[] {
  const current = currentCopies(chartDir);
  const drift: string[] = [];
  for (const [target, content] of plan.files) {
    const have = current.get(target);
    if (have === undefined) drift.push(`missing: ${target} (from ${plan.sources.get(target)})`);
    else if (have !== content) drift.push(`differs: ${target} (from ${plan.sources.get(target)})`);
  }
  for (const target of current.keys()) {
    if (!plan.files.has(target)) drift.push(`stale: ${target} (no source any more)`);
  }
  return drift.sort();
}

/** Makes the chart's copies equal to the plan (removes stale ones, keeps .gitkeep). */
export function applySync(plan: SyncPlan, chartDir = CHART_DIR): void {
  for (const target of currentCopies(chartDir).keys()) {
    if (!plan.files.has(target)) rmSync(join(chartDir, target));
  }
  for (const target of TARGETS) mkdirSync(join(chartDir, target), { recursive: true });
  for (const [target, content] of plan.files) writeFileSync(join(chartDir, target), content);
}

function main(argv: string[]): number {
  const plan = planSync();
  if (argv.includes('--check')) {
    const drift = syncDrift(plan);
    if (drift.length === 0) {
      console.log(`helm/salescast/files is in sync (${plan.files.size} files)`);
      return 0;
    }
    console.error(`helm/salescast/files is out of date; run \`npm run helm:sync\`:\n  ${drift.join('\n  ')}`);
    return 1;
  }
  applySync(plan);
  console.log(`copied ${plan.files.size} files into helm/salescast/files:`);
  for (const [target, source] of plan.sources) console.log(`  ${source} -> helm/salescast/${target}`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
