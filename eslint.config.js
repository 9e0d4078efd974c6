// One lint config for the repository: both packages, the reference app, tests, e2e and bench.
// Formatting is Prettier's (`npm run format:check`); eslint-config-prettier turns off the
// stylistic rules that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import boundaries from './eslint/package-boundaries.js';

const LIBRARY_SOURCES = ['src/**/*.ts', 'src/**/*.tsx'];
const IDP_SOURCES = ['packages/idp/src/**/*.ts'];
const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.next-*/**',
      'bench/.tmp/**',
      '.pack/**',
      'test-results/**',
      'playwright-report/**',
      '**/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-duplicate-imports': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // Tests and tools read raw wire bodies; typing every JSON answer there would add noise, not safety.
  {
    files: [...TESTS, 'test/**', 'e2e/**', 'bench/**', 'packages/idp/test-support/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // The package boundary: each package's shipped sources import the other only by package name,
  // and only what it is allowed to see.
  {
    files: LIBRARY_SOURCES,
    ignores: TESTS,
    plugins: { boundaries },
    rules: {
      'boundaries/stay-in-package': ['error', { root: 'src', name: 'next-cognito-session' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['next-cognito-session-idp', 'next-cognito-session-idp/*'],
              message: 'The library never depends on the local IdP.',
            },
            {
              group: ['next-cognito-session', 'next-cognito-session/*'],
              message: 'Inside the library, import by relative path.',
            },
          ],
        },
      ],
    },
  },
  {
    files: IDP_SOURCES,
    ignores: TESTS,
    plugins: { boundaries },
    rules: {
      'boundaries/stay-in-package': ['error', { root: 'packages/idp/src', name: 'next-cognito-session-idp' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^next-cognito-session(?!/protocol$)(/.*)?$',
              message: 'The IdP shares only the wire protocol with the library: import next-cognito-session/protocol.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
