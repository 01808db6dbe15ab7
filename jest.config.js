/**
 * Two projects:
 *  - unit: pure logic, no infrastructure (libs, tools, service domain code) — `*.spec.ts`
 *  - repo: repositories' SQL against PostgreSQL alone (no Kafka) — `*.repo-spec.ts`; seconds, not the e2e run
 *  - e2e:  real Kafka + PostgreSQL + gRPC + HTTP — `*.e2e-spec.ts`; global setup finds or starts them
 * Workspace packages are mapped to their TypeScript sources so unit tests never need a build.
 */
const moduleNameMapper = {
  '^@salescast/(contracts|platform|forecasting|monitoring|planning)$': '<rootDir>/libs/$1/src/index.ts',
  '^@salescast/(contracts|platform|forecasting|monitoring|planning)/(.*)$': '<rootDir>/libs/$1/src/$2',
  '^@salescast/(datagen|bench|infra|demo|cli|loader|stack)$': '<rootDir>/tools/$1/src/index.ts',
  '^@salescast/(ingestion)$': '<rootDir>/services/$1/src/index.ts',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] };
const common = { rootDir: __dirname, moduleNameMapper, transform, testEnvironment: 'node' };

module.exports = {
  // a guard against hangs, not a speed check: jest's 5 s default fails sound tests on a loaded machine.
  // Global, not per project: jest-circus reads the global config's testTimeout and ignores a project's.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services,tools}/*/src/**/*.spec.ts', '<rootDir>/services/gateway/web/src/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'repo',
      moduleNameMapper: { ...moduleNameMapper, '^@nestjs/(common|core)$': '<rootDir>/tools/infra/src/repo-nest-shim.js' },
      testMatch: ['<rootDir>/{libs,services,tools}/*/src/**/*.repo-spec.ts'],
      globalSetup: '<rootDir>/tools/infra/src/repo-global-setup.ts',
      globalTeardown: '<rootDir>/tools/infra/src/repo-global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{libs,services,tools}/*/src/**/*.e2e-spec.ts', '<rootDir>/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/tools/infra/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/tools/infra/src/jest-global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/e2e/support/jest-setup.ts'],
    },
  ],
};
