export * from './records';
export * from './validate';
export * from './reader';
export * from './rejects';
export * from './csv';
export * from './keyset';
