import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The Helm this repository is checked with (`go install helm.sh/helm/v4/cmd/helm@v4.3.2`, see .ci/run). */
export const HELM_VERSION = 'v4.3.2';

/** Where .ci/run installs its Go tools when they are missing. */
export const TOOLS_BIN = join(homedir(), '.cache', 'salescast', 'bin');

/** `$HELM`, else ~/.cache/salescast/bin/helm, else `helm` on PATH; undefined when none exists. */
export function findHelm(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.HELM) return env.HELM;
  const candidates = [
    join(TOOLS_BIN, 'helm'),
    ...(env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'helm')),
  ];
  return candidates.find((path) => existsSync(path));
}

/** One Kubernetes object as rendered (only what the checks read is typed). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

export interface TemplateOptions {
  release?: string;
  namespace?: string;
  valuesFiles?: string[];
  /** `--set` pairs, `path=value`. */
  set?: string[];
}

/** Runs helm and returns its stdout; a failure throws with helm's own message. */
export function runHelm(helm: string, args: string[]): string {
  try {
    return execFileSync(helm, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`helm ${args.join(' ')} failed:\n${stderr.trim() || String(error)}`);
  }
}

/** The arguments of `helm template` for a chart and options. */
export function templateArgs(chartDir: string, opts: TemplateOptions = {}): string[] {
  const args = [
    'template',
    opts.release ?? 'salescast',
    chartDir,
    '--namespace',
    opts.namespace ?? 'salescast',
  ];
  for (const file of opts.valuesFiles ?? []) args.push('--values', file);
  for (const pair of opts.set ?? []) args.push('--set', pair);
  return args;
}

/** Parses a multi-document YAML stream into objects, skipping empty documents. */
export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0)
        throw new Error(`invalid YAML in rendered manifests: ${doc.errors[0].message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((obj): obj is K8sObject => obj !== null && typeof obj === 'object');
}

/** `helm template` the chart and parse what it renders. */
export function helmTemplate(helm: string, chartDir: string, opts: TemplateOptions = {}): K8sObject[] {
  return parseManifests(runHelm(helm, templateArgs(chartDir, opts)));
}
