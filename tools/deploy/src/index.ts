export {
  findHelm,
  helmTemplate,
  parseManifests,
  runHelm,
  templateArgs,
  HELM_VERSION,
  TOOLS_BIN,
} from './helm';
export type { K8sObject, TemplateOptions } from './helm';
export { planSync, syncDrift, applySync, currentCopies, isRulesFile } from './helm-sync';
export type { SyncPlan } from './helm-sync';
export { renderK8s, k8sDrift, isMonitoringObject } from './render-k8s';
export { REPO_ROOT, CHART_DIR, K8S_DIR } from './paths';
export {
  serviceNames,
  serviceEnv,
  schemaSources,
  directEnvReads,
  envProblems,
  platformConfigFiles,
  SET_BY_RUNTIME,
  RUNTIME_ENV,
} from './code-env';
export type { ServiceEnv } from './code-env';
