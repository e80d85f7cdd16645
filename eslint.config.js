// ESLint for the server, tests, scripts and the Svelte web app. Not type-aware (tsc and
// svelte-check already type-check; type-aware rules would double the time of `npm run check`).
// Formatting is Prettier's: eslint-config-prettier turns off the rules that would disagree.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', '.gridplan*/', 'bench-results/', 'tests/e2e/screenshots/']),
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  prettier,
  svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      eqeqeq: 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.svelte', 'web/**/*.svelte.ts', 'tests/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, GeoJSON: 'readonly' } },
    rules: {
      // The app keeps collections in $state.raw and replaces them whole (never mutates them in
      // place), so plain Map/Set are right; the rule cannot tell that from a mutation.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
);
