import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './web/svelte.config.js';

export default ts.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'web/.svelte-kit/', 'web/build/', '.scratch/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Hearth is served at the root (no paths.base), and many links carry query strings (sort, cursor,
      // next), which resolve() does not build; root-relative hrefs are correct here.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    // Type-aware: a promise nobody awaits loses its errors (and on Lambda, its work when the handler returns).
    files: ['**/*.ts', '**/*.svelte'],
    ignores: ['web/.svelte-kit/**'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  // Layers: shared/ is the domain and its adapters, used by functions/, web/ and infra/, never the reverse;
  // the domain depends on nothing but itself; pages reach adapters only through services.
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/functions/**', '**/web/**', '**/infra/**', '$lib', '$lib/**', '$app/**'],
              message: 'shared/ is imported by functions/, web/ and infra/; it must not import them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../**'],
              message: 'The domain depends on nothing outside shared/domain (and libraries).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/services/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/adapters/**',
                '**/table/**',
                '**/runtime/**',
                '**/functions/**',
                '**/web/**',
                '**/infra/**',
              ],
              message: 'Services depend on ports (shared/ports); shared/runtime wires adapters to them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/routes/**', 'web/src/lib/components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['$shared/adapters/**', '**/shared/adapters/**', '**/infra/**', '**/functions/**'],
              message: 'Pages call services (through $lib/server); adapters are wired in shared/runtime.',
            },
          ],
        },
      ],
    },
  },
);
