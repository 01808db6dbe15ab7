export { thetaModel } from './theta';
export type { ThetaParams } from './theta';
