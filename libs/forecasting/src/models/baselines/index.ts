export { baselineModels, driftModel, naive2Model, naiveModel, seasonalNaiveModel } from './naive';
