/**
 * The `repo` jest project's stand-in for `@nestjs/common` and `@nestjs/core`, which ship as ES modules
 * that jest (CommonJS, Node 20) cannot load. Repository tests build repositories by hand, so Nest's
 * decorators only need to exist: each export is a decorator factory that does nothing. No SQL, driver
 * or database behaviour is replaced — the repositories run against a real PostgreSQL.
 */
const noop = () => () => undefined;
module.exports = new Proxy({}, { get: (_, key) => (key === '__esModule' ? true : noop) });
