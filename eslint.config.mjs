import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import boundaries from './eslint-rules/boundaries.mjs';

const noElectron = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'electron',
          message: 'The engine and shared code must run in plain Node: never import electron here.',
        },
      ],
      patterns: [
        { group: ['electron/*'], message: 'The engine and shared code must run in plain Node.' },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  { files: ['src/main/engine/**', 'src/shared/**', 'src/main/console/**'], rules: noElectron },
  // Boundaries (docs/architecture.md): each layer imports only from the layers below it.
  { plugins: { boundaries } },
  {
    files: ['src/main/engine/**'],
    rules: {
      'boundaries/layers': [
        'error',
        {
          folders: ['src/main/console', 'src/main/electron', 'src/renderer', 'src/preload'],
          because: 'the engine is plain Node and knows no adapter; adapters import the engine.',
        },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'boundaries/layers': [
        'error',
        {
          folders: ['src/main', 'src/renderer', 'src/preload'],
          builtins: true,
          because: 'shared code runs in Node, Electron and the browser alike.',
        },
      ],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'boundaries/layers': [
        'error',
        {
          folders: ['src/main', 'src/renderer'],
          because: "main imports the preload's channel names, never the other way round.",
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'boundaries/layers': [
        'error',
        {
          folders: ['src/main'],
          because: 'the renderer reaches the main process only through src/shared/contract.ts.',
        },
      ],
    },
  },
  {
    files: ['src/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'boundaries/no-test-code': [
        'error',
        {
          folders: ['tests', 'e2e'],
          because: 'test fixtures never ship in the product.',
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
