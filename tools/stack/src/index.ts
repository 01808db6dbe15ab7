export * from './processes';
export * from './stack';
export * from './go-tools';
