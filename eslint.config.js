// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noMathRandom = {
  object: 'Math',
  property: 'random',
  message: 'Keys and SPIs come from crypto.getRandomValues only.',
};

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'test-results/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      'no-restricted-properties': ['error', noMathRandom],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      // The app never talks to the network: keys must not leave the browser.
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'The app makes no network requests.' },
        { name: 'XMLHttpRequest', message: 'The app makes no network requests.' },
        { name: 'WebSocket', message: 'The app makes no network requests.' },
      ],
      'no-console': 'error',
    },
  },
  {
    // The core is pure: no UI libraries, no DOM, no Node built-ins, nothing from ui/ or cli/.
    files: ['src/core/**/*.ts'],
    languageOptions: {
      globals: { ...globals.es2022, crypto: 'readonly', TextEncoder: 'readonly' },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-*', '@mui/*', 'react-hook-form', '@emotion/*'],
              message: 'src/core stays free of UI libraries.',
            },
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process'],
              message: 'src/core runs unchanged in the browser.',
            },
            {
              group: ['**/ui/**', '**/cli/**'],
              message: 'Imports flow one way: ui and cli depend on core, never the reverse.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'localStorage',
        'sessionStorage',
        'navigator',
        'process',
        'fetch',
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/cli/**'], message: 'The UI does not use the CLI.' }] },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/ui/**', 'react', '@mui/*'], message: 'The CLI does not use the UI.' },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**', 'test/**', 'bench/**'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
