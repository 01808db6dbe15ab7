export { generate } from './generate';
export type { GenerateOptions, GenerateSummary } from './generate';
export { STORY, skusForScale } from './story';
export { Rng } from './rng';
export { negativeBinomialQuantile } from './quantiles';
export { STORY_WORLD, VARIED_RANGES, variedWorld, worldOf, isStoryWorld } from './world';
export type { WorldKnobs } from './world';
export { generatorFingerprint } from './fingerprint';
