/**
 * salescast planning: from a forecast's daily quantiles, stock and supply terms to a reorder plan, and a
 * day-by-day simulation that measures a policy against what actually sold. Pure TypeScript, no I/O.
 */
export * from './forecast';
export * from './demand-paths';
export * from './order-rounding';
export * from './reorder-plan';
export * from './simulation';
export { hashSeed } from './random';
