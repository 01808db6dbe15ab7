/** Model monitoring as pure TypeScript: realised accuracy, input and error drift, alert states, the champion gate. */
export * from './accuracy';
export * from './drift';
export * from './sequential';
export * from './alerts';
export * from './gate';
