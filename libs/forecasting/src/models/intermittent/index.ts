export { crostonModel, intermittentModels, tsbModel } from './intermittent';
export type { IntermittentParams } from './intermittent';
