import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noAgent = {
  group: ['@parley/agent', '@parley/agent/*'],
  message: 'The web app never imports the agent: shared server code lives in @parley/services.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.data/**',
      'web/.svelte-kit/**',
      'web/build/**',
      'bench/results/**',
      'test-artifacts/**',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs['flat/recommended'],
  prettier,
  ...svelte.configs['flat/prettier'],
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings through the package config module.',
        },
      ],
    },
  },
  {
    // Entry points and config modules are where the environment is read.
    files: [
      '**/config.ts',
      '**/main.ts',
      '**/worker.ts',
      '**/*-runner.ts',
      '**/cli.ts',
      '**/e2e/**',
      '**/cli/**',
      'bench/**',
      'scripts/**',
      '**/*.test.ts',
      '**/testing.ts',
      '**/testing-env.ts',
      '**/testing/**',
      'testkit/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser },
    },
  },
  {
    // The contracts package runs in browsers too: zod and its own modules only.
    files: ['protocol/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\.{1,2}/)',
              message: '@parley/protocol imports only zod and its own modules (browser-safe).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: '@parley/protocol must run in browsers.' },
        { name: 'Buffer', message: '@parley/protocol must run in browsers.' },
      ],
    },
  },
  {
    // Browser code calls the JSON API through the typed client, which reads the error envelope.
    files: ['web/src/**/*.svelte', 'web/src/**/*.svelte.ts', 'web/src/lib/**/*.ts'],
    ignores: ['web/src/lib/server/**', 'web/src/lib/api/**', '**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Call the API through #lib/api (it parses the error envelope).' },
      ],
    },
  },
  {
    // The web app depends on db, prompts, protocol and services, never on the agent.
    files: ['web/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noAgent] }] },
  },
  {
    // Code that runs in the browser: no server-only modules (the database, the services, Node).
    files: [
      'web/src/**/*.svelte',
      'web/src/**/*.svelte.ts',
      'web/src/lib/**/*.ts',
      'web/src/routes/**/*.ts',
    ],
    ignores: [
      'web/src/lib/server/**',
      '**/*.server.ts',
      '**/+server.ts',
      'web/src/routes/api/**',
      '**/*.test.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noAgent,
            {
              group: ['@parley/db', '@parley/db/*', '@parley/services', '@parley/services/*'],
              message: 'Import the database and the services only from server code.',
            },
            {
              group: [
                '$lib/server',
                '$lib/server/*',
                '#lib/server',
                '#lib/server/*',
                '**/server/*',
              ],
              message: 'lib/server is server-only: browser code reaches it through the API.',
            },
            {
              group: ['$env/static/private', '$env/dynamic/private'],
              message: 'Private environment variables are server-only.',
            },
            { group: ['node:*'], message: 'Node modules do not run in the browser.' },
          ],
        },
      ],
    },
  },
);
