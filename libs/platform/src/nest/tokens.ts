/** DI tokens of the platform's ports and runtime objects (bound by PlatformModule.forRoot). */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const EVENT_BUS = Symbol('EVENT_BUS');
export const OUTBOX = Symbol('OUTBOX');
