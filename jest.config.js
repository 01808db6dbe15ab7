/**
 * Two projects:
 *  - unit: pure logic, no infrastructure (libs, tools, service domain code) — `*.spec.ts`
 *  - e2e:  real Kafka + PostgreSQL + gRPC + HTTP — `*.e2e-spec.ts`; global setup finds or starts them
 * Workspace packages are mapped to their TypeScript sources so unit tests never need a build.
 */
const moduleNameMapper = {
  '^@salescast/(contracts|platform|forecasting|monitoring)$': '<rootDir>/libs/$1/src/index.ts',
  '^@salescast/(contracts|platform|forecasting|monitoring)/(.*)$': '<rootDir>/libs/$1/src/$2',
  '^@salescast/(datagen|bench|infra|demo|cli|loader|stack)$': '<rootDir>/tools/$1/src/index.ts',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] };
const common = { rootDir: __dirname, moduleNameMapper, transform, testEnvironment: 'node' };

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services,tools}/*/src/**/*.spec.ts'],
      // a guard against hangs, not a speed check: jest's 5 s default fails sound tests on a loaded machine
      testTimeout: 60_000,
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
