// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electronOnlyInShell = {
  paths: [
    { name: 'electron', message: "Only src/main/shell/ and src/preload/ may import 'electron'." },
  ],
  patterns: [
    {
      group: ['electron/*'],
      message: "Only src/main/shell/ and src/preload/ may import 'electron'.",
    },
  ],
};

// Bare built-in names are listed as exact paths (a pattern like 'url' would also match './url').
const nodeBuiltinNames = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'worker_threads',
  'stream',
  'events',
  'util',
  'buffer',
];
const nodeBuiltinPaths = (message) => nodeBuiltinNames.map((name) => ({ name, message }));

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'coverage/**',
      '.native/**',
      '.data/**',
      'tests/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', electronOnlyInShell],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
  // The shell and the preload are the only places Electron is allowed.
  {
    files: [
      'src/main/shell/**/*.ts',
      'src/preload/**/*.ts',
      'src/main/index.ts',
      'tests/unit/shell/**/*.ts',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
  // src/shared runs anywhere: no Node, no DOM, no React, no Electron.
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...electronOnlyInShell.paths,
            { name: 'react', message: 'src/shared must not depend on React.' },
            ...nodeBuiltinPaths('src/shared must not depend on Node.'),
          ],
          patterns: [
            { group: ['node:*'], message: 'src/shared must not depend on Node.' },
            {
              group: ['react-*', 'react/*', '**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'src/shared depends on nothing outside src/shared.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'Buffer',
        'require',
        '__dirname',
        'navigator',
        'localStorage',
      ],
    },
  },
  // The renderer is a browser app: it reaches the core only through the contract.
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...electronOnlyInShell.paths,
            ...nodeBuiltinPaths('The renderer runs in a browser sandbox.'),
          ],
          patterns: [
            ...electronOnlyInShell.patterns,
            { group: ['node:*'], message: 'The renderer runs in a browser sandbox.' },
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The renderer reaches the core only through the studio API.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
