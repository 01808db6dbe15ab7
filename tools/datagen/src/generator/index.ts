export { generate } from './generate';
export type { GenerateOptions, GenerateSummary } from './generate';
export { STORY, skusForScale } from './story';
export { Rng } from './rng';
export { negativeBinomialQuantile } from './quantiles';
