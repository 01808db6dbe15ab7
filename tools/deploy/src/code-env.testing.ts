import { platformConfigFiles } from './code-env';

export { envProblems, serviceEnv, serviceNames } from './code-env';

/**
 * Loads a module that defines a config schema, under jest (which compiles TypeScript): a service's
 * `@salescast/platform` import is served by the library's config modules (see platformConfigFiles),
 * so the schemas are the real objects without loading Nest.
 */
export function loadSchemaModule(path: string): unknown {
  let loaded: unknown;
  jest.isolateModules(() => {
    jest.doMock('@salescast/platform', () =>
      Object.assign({}, ...platformConfigFiles().map((file) => jest.requireActual(file))),
    );
    loaded = jest.requireActual(path);
  });
  return loaded;
}
