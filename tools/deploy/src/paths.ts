import { resolve } from 'node:path';

/** The repository root (this file is tools/deploy/{src,dist}/paths.*). */
export const REPO_ROOT = resolve(__dirname, '../../..');
export const CHART_DIR = resolve(REPO_ROOT, 'helm/salescast');
export const K8S_DIR = resolve(REPO_ROOT, 'k8s');
