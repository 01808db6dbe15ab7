// ESLint flat config: typescript-eslint recommended rules + Nx module boundaries.
// Tags live in each package.json ("nx": {"tags": [...]}):
//   type:app (services)  -> may use platform, domain, contracts
//   type:tool (tools/)   -> may use anything but apps
//   type:platform        -> contracts only
//   type:domain          -> nothing (pure TypeScript: no Nest, no I/O)
//   type:contracts       -> nothing
//   scope:<service>      -> a service never imports another service
import nx from '@nx/eslint-plugin';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const depConstraints = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:platform', 'type:domain', 'type:contracts'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool', 'type:platform', 'type:domain', 'type:contracts', 'type:app'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:ingestion', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:feature-store', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:training', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:prediction', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:alerting', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared'] },
  // the loader writes ingestion's tables through ingestion's own repository code (one owner per table)
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tools', 'scope:ingestion'] },
];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', 'libs/contracts/src/gen/**', '**/coverage/**', '.nx/**', '.infra/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints,
        },
      ],
    },
  },
  {
    // repositories' fast tests (jest project `repo`) make their throwaway database with the test infrastructure
    files: ['**/*.repo-spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: ['@salescast/infra'], depConstraints },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
