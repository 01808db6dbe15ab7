/** DI tokens of the gateway's runtime objects. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export const GATEWAY_LOGGER = Symbol('GATEWAY_LOGGER');
export const GATEWAY_METRICS = Symbol('GATEWAY_METRICS');
export const GATEWAY_BUS = Symbol('GATEWAY_BUS');
