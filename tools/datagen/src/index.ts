export * from './format';
export * from './generator';
export { dayNumber, isoDay } from './generator/days';
