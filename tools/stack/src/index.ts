export * from './processes';
export * from './stack';
export * from './fault-drill';
export * from './go-tools';
